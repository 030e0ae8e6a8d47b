/** The production adapter of the MediaStore port: MongoDB GridFS beside the store. */
export { GridFsMediaStore, type GridFsMediaStoreOptions } from './gridFsMediaStore';
