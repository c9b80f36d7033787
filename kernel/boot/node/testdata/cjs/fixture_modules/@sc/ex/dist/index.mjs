export const kind = "esm";
