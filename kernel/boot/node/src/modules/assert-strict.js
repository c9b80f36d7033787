// assert/strict: assert.strict.
export default function (layer) {
  return layer.builtin("assert").strict;
}
