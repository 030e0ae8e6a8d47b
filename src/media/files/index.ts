/** The embedded adapter of the MediaStore port: files under DATA_DIR/media. */
export { FileMediaStore } from './fileMediaStore';
