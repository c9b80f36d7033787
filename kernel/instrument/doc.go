// Package instrument rewrites a WebAssembly module so that a guest that
// computes without making syscalls (`while True: pass`, `for(;;){}`) still
// calls out to the host every so often, and can be stopped there: the
// browser cannot interrupt a running module without terminating its worker,
// and with it the kernel. wasmtime's epoch interruption is the same idea.
//
// Instrument adds to the module (and moves its C stack: see below):
//
//   - a function import, CheckModule.CheckName ("wasmrun"."check") of type
//     () -> (), after the existing function imports. It reuses a () -> ()
//     type, or appends one;
//   - a mutable i32 global, the countdown, after the existing globals,
//     starting at Options.Period;
//   - at the start of every loop body, right after the loop's block type,
//     code that decrements the countdown and, when it reaches zero, resets it
//     and calls the check.
//
// The code at a loop header, with $c the countdown and P the period:
//
//	global.get $c  i32.const 1  i32.sub  global.set $c
//	global.get $c  i32.eqz
//	if  i32.const P  global.set $c  call $check  end
//
// The host's check returns to let the guest go on, or unwinds it (wazero: a
// panic with a *sys.ExitError; the browser: a thrown exception). The inserted
// code pushes and pops only its own values, so it is valid in any loop,
// loops with parameters included, and costs a global decrement and a branch
// per iteration.
//
// # Renumbering
//
// The import shifts every defined function's index by one, so each index of
// a defined function is renumbered: in call, return_call and ref.func, in
// element segments (indices and expressions), in global and table
// initializers, in exports, in the start section and in the name section
// (function, local and label names; the check is named "wasmrun.check" and
// the countdown "wasmrun.countdown" where the module names functions or
// globals). Globals are appended, so no global index moves. Sections the
// module lacks (type, import, global) are added in their place.
//
// Custom sections are copied, except those that address code by its byte
// offset: DWARF (.debug_*), sourceMappingURL, external_debug_info and code
// metadata (metadata.code.*). The inserted checks move the code, and these
// cannot be adjusted without understanding them, so they are dropped rather
// than left pointing at the wrong instructions. For CPython that is 13 of its
// 26 MB; wazero also parses the DWARF each time it unwinds a guest, which
// took seconds per stop.
//
// # Decoding
//
// The rewriter decodes every instruction to find loops and function indices
// and copies all other bytes unchanged (a padded LEB128 stays padded; a
// renumbered index takes as few bytes as it needs, so the 5-byte indices a
// linker leaves in calls shrink). It
// knows WebAssembly 2.0 and these proposals: sign extension, saturating
// truncation, multi-value, bulk memory, reference types, SIMD and relaxed
// SIMD (0xFD), threads (0xFE), tail calls, exception handling (try_table and
// the legacy try/catch/delegate), typed function references, multi-memory and
// memory64 memargs, extended constant expressions. An instruction it does not
// know (GC's 0xFB prefix, stack switching, an unassigned opcode) or a GC type
// makes Instrument fail with an error that wraps ErrUnsupported and names the
// opcode and the function; the module can then run uninstrumented, without
// interruption. Guessing an unknown instruction's length would risk
// corrupting the rest of the function.
//
// # Loop headers only
//
// A module can run without end only through a loop or recursion. Unbounded
// recursion overflows the stack and traps, so checking at loop headers
// bounds the time between checks for every guest whose long computations
// loop, and interpreters (CPython, QuickJS) always do: their dispatch loop is
// a loop. Checking at function entries as well would cost a decrement on
// every call for one case left: natively compiled code that recurses
// exponentially without looping (a naive recursive fib), which can compute
// for a long time between checks.
//
// # The C stack
//
// wasm-ld gives a C program a stack of 64 KiB (-z stack-size) at a fixed
// place: after the static data, with the heap after it, or (--stack-first)
// at the start of memory. Nothing stops a deeper recursion: the stack
// pointer, a global, goes on down into the static data and corrupts it
// silently (QuickJS-NG's qjs-wasi.wasm, whose stack is [127520, 193056) and
// has no stack check of its own on WASI: JS recursion ~250 deep), or below
// address 0, which traps (CPython's python.wasm, stack-first with 512 KiB:
// functools.lru_cache recursion ~70 deep).
//
// So Instrument moves such a stack to a region of Options.StackSize bytes
// (DefaultStackSize, 8 MiB) of its own. It appends a function per entry point
// export, _start and _initialize, and points the export at it. The function
// grows memory 0 by the region's pages, sets the stack pointer to the
// region's top (the new end of memory, 64 KiB-aligned), then calls the
// module's own entry point. The new pages lie above everything an sbrk has
// handed out, and every later memory.grow returns pages above them, so no
// heap ever overlaps the region; the old stack is simply no longer used.
// Appending functions shifts no index. The function moves the stack only if
// the stack pointer still has its initial value (the stack is not in use,
// and no other entry point moved it) and the memory grows; otherwise it runs
// the module as it is. Stack overflow checks computed at start-up from the
// address of a local (clang's, QuickJS's js_check_stack_overflow) move with
// the stack.
//
// Instrument moves the stack only when it can tell where it is, and leaves it
// alone otherwise (PlanStack says which, and why):
//
//   - the stack pointer is a defined, mutable i32 global with a constant
//     initial value, named __stack_pointer in the name section or exported
//     under that name, or else the global LLVM's DWARF gives as the frame
//     base of a function (DW_OP_WASM_location 0x3: python.wasm has DWARF but
//     no name section). A Go wasip1 module has a stack pointer global of its
//     own conventions, with none of these: it is left alone;
//   - the module has no other record of the stack's place: no global or
//     export named __stack_base, __stack_end, __stack_low, __stack_high or
//     __stack_limit, nor emscripten's stack limit functions;
//   - memory 0 is a 32-bit unshared memory of 64 KiB pages, and it exports
//     _start or _initialize of type () -> ();
//   - no function reads memory 0's size except an sbrk (a function of at
//     most 256 bytes that also grows it): an allocator that takes all memory
//     up to its size as its heap when it starts, as TinyGo's does (and
//     wasi-libc's dlmalloc did before it used __heap_end), would take the
//     region too;
//   - the memory's declared maximum leaves room: the region takes at most
//     half the pages the memory may still grow by, and if that is less than
//     1 MiB, the stack stays.
//
// The region costs its pages of memory (8 MiB by default, touched only as
// deep as the stack goes) and a memory.grow at start-up.
//
// # Idempotence and caching
//
// Instrument returns a module that already imports the check unchanged, so a
// host need not know whether it instrumented one before. Instrumented reports
// it. Instrumenting costs tens of milliseconds for CPython; a host keeps the
// result keyed by the input's sha256, the Options and Version, which changes
// whenever the output for the same input does.
//
// The package is pure Go over byte slices and builds for GOOS=js.
package instrument
