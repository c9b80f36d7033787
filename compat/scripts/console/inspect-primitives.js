// How console.log shows primitives, alone and inside containers.
console.log(1, -1.5, 0, -0, NaN, Infinity, -Infinity, 1e21, 1e-7, 123456789012345680000);
console.log(10n, -5n);
console.log(true, false, null, undefined);
console.log("top-level string is bare");
console.log(["strings in arrays are quoted", 'with "double" quotes', "with 'single' quotes", `both ' and "`]);
console.log(["new\nline", "tab\there", "\u0000 \u001b \u007f", "é 中文 😀"]);
console.log([Symbol(), Symbol("desc"), Symbol.iterator, Symbol.for("registered")]);
console.log([-0, 0, 1n, undefined, null]);
console.log({ undef: undefined, nul: null, nan: NaN });
