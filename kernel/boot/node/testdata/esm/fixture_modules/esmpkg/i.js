export const gamma = "g"; export default "esm-default";
