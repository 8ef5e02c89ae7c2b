/**
 * Replaced when the snippet is built (snippet/build.ts): false in dni.js, so that every
 * `DEBUG_BUILD && log(…)` is dropped with its text, and `?dni_debug=1` loads dni.debug.js
 * in its place (dni.ts); true in dni.debug.js and in tests that run the source
 * (vite.config.ts).
 */
declare const DEBUG_BUILD: boolean;
