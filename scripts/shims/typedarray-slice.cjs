'use strict';
// The bundle's `typedarray.prototype.slice` (scripts/bundle.mjs aliases it here), which
// traverse (under unzipper → binary → chainsaw) requires to copy typed arrays: Node has
// TypedArray.prototype.slice, and the polyfill brings ~80 modules of es-abstract with it.
module.exports = function slice(typedArray, start, end) {
  return typedArray.slice(start, end);
};
