// Text splitting is shared by every channel with length limits (domain/textSplitting.ts); the
// Cloud API's tests read it here.
export { ELLIPSIS, graphemeSafeCut, shortenWithEllipsis, splitTail, splitText } from '../../domain/textSplitting';
