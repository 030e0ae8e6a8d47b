import nock from 'nock';

// No test may reach the internet; loopback stays open for the servers the tests start.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);

// Every test file loads its own nock, but node:http is one module per jest worker: a file's
// nock must take its hooks off it when the file ends, or the next file's requests meet the
// old hooks, which know none of the new file's interceptors.
afterAll(() => {
  nock.restore();
});
