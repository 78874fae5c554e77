/** The model-file layer every model family loads and writes through. */
export { sha256Hex, sha256HexSync } from './sha256.ts';
export { manifestOf, parseManifest, type FileManifest, type ModelFile } from './manifest.ts';
export { pageUrl, resolveAllowed, resolveBeside } from './origin.ts';
export { fetchBytes, fetchJson, fetchResponse, fetchVerified, verifyFile, type FetchContext, type FetchProgress } from './fetch-files.ts';
export { MODEL_CACHE_DB, fetchVerifiedCached } from './model-cache.ts';
export { checkFileOptions, fetchManifestFiles, fetchMetadata, type ModelFileOptions } from './load-files.ts';
export { badField, fieldChecker } from './check.ts';
