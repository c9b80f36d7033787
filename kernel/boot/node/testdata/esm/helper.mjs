export const helper = () => "helped"; export default 1;
