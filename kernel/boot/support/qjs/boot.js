// wasmrun: included before the entry script (qjs -I). A WASI libc starts in
// "/"; the kernel passes the project directory in PWD, as a shell would.
{
  const pwd = std.getenv("PWD");
  if (pwd) os.chdir(pwd);
}
