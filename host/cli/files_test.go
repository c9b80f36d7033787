package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Helpers the file programs share, so both languages print the same text.
const (
	pyFS = `import os
def exists(p): return "yes" if os.path.exists(p) else "no"
def ls(d): return str(sorted(os.listdir(d)))
`
	jsFS = `const exists = p => os.stat(p)[1] === 0 ? "yes" : "no";
const ls = d => {
  const a = os.readdir(d)[0].filter(n => n != "." && n != "..").sort();
  return a.length ? "['" + a.join("', '") + "']" : "[]";
};
const write = (p, s, mode) => { const f = std.open(p, mode || "w"); f.puts(s); f.close(); };
`
)

// projectMtime is the modification time the stat case gives a project file.
var projectMtime = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

func TestRunFiles(t *testing.T) {
	runLangCases(t, []langCase{{
		name: "create, write, append and read a file",
		py: pyFS + `with open("notes.txt", "w") as f: f.write("one\n")
with open("notes.txt", "a") as f: f.write("two\n")
print(open("notes.txt").read(), end="")
print(os.path.getsize("notes.txt"))
`,
		js: jsFS + `write("notes.txt", "one\n");
write("notes.txt", "two\n", "a");
std.out.puts(std.loadFile("notes.txt"));
print(os.stat("notes.txt")[0].size);
`,
		stdout: "one\ntwo\n8\n",
	}, {
		name: "overwrite in place after a seek",
		py: `with open("f", "w") as f: f.write("abcdef")
with open("f", "r+") as f:
    f.seek(2)
    f.write("XY")
print(open("f").read())
`,
		js: `let f = std.open("f", "w"); f.puts("abcdef"); f.close();
f = std.open("f", "r+"); f.seek(2, std.SEEK_SET); f.puts("XY"); f.close();
print(std.loadFile("f"));
`,
		stdout: "abXYef\n",
	}, {
		name: "opening for writing truncates",
		py: pyFS + `open("f", "w").write("long content")
open("f", "w").write("ab")
print(open("f").read(), os.path.getsize("f"))
`,
		js: jsFS + `write("f", "long content");
write("f", "ab");
print(std.loadFile("f"), os.stat("f")[0].size);
`,
		stdout: "ab 2\n",
	}, {
		name: "truncate shrinks and grows with zeros",
		py: `import os
open("f", "w").write("abcdef")
os.truncate("f", 3)
print(repr(open("f").read()))
with open("f", "r+") as f:
    f.truncate(5)
print(repr(open("f", "rb").read()))
`,
		stdout: "'abc'\nb'abc\\x00\\x00'\n",
	}, {
		name: "rename and unlink",
		py: pyFS + `open("a", "w").write("A")
open("c", "w").write("C")
os.rename("a", "b")
print("a=" + exists("a"), "b=" + exists("b"), open("b").read())
os.rename("b", "c")
print("c=" + open("c").read())
os.unlink("c")
print("c=" + exists("c"), ls("."))
`,
		js: jsFS + `write("a", "A");
write("c", "C");
os.rename("a", "b");
print("a=" + exists("a"), "b=" + exists("b"), std.loadFile("b"));
os.rename("b", "c");
print("c=" + std.loadFile("c"));
os.remove("c");
print("c=" + exists("c"), ls("."));
`,
		stdout: "a=no b=yes A\nc=A\nc=no ['main.{ext}']\n",
	}, {
		name: "directories: mkdir, nested, list, rmdir",
		py: pyFS + `os.mkdir("d")
os.makedirs("d/e/f")
open("d/e/f/x", "w").write("x")
open("d/y", "w").write("y")
print(ls("d"), ls("d/e/f"))
try:
    os.rmdir("d/e")
except OSError as e:
    print("rmdir d/e:", os.strerror(e.errno))
os.unlink("d/e/f/x")
os.rmdir("d/e/f")
os.rmdir("d/e")
print(ls("d"), "d/e=" + exists("d/e"))
`,
		js: jsFS + `os.mkdir("d");
os.mkdir("d/e");
os.mkdir("d/e/f");
write("d/e/f/x", "x");
write("d/y", "y");
print(ls("d"), ls("d/e/f"));
const r = os.remove("d/e");
if (r < 0) print("rmdir d/e:", std.strerror(-r));
os.remove("d/e/f/x");
os.remove("d/e/f");
os.remove("d/e");
print(ls("d"), "d/e=" + exists("d/e"));
`,
		stdout: "['e', 'y'] ['x']\nrmdir d/e: Directory not empty\n['y'] d/e=no\n",
	}, {
		name: "stat gives sizes, types and the project's mtimes",
		py: `import os, stat, time
st = os.stat("data.bin")
print(st.st_size, stat.S_ISREG(st.st_mode), int(st.st_mtime))
print(stat.S_ISDIR(os.stat("sub").st_mode))
open("new", "w").write("12345")
st = os.stat("new")
print(st.st_size, "fresh" if abs(time.time() - st.st_mtime) < 10 else "stale")
os.utime("new", (1000000000, 1000000000))
print(int(os.stat("new").st_mtime))
`,
		js: `let [st] = os.stat("data.bin");
print(st.size, (st.mode & os.S_IFMT) == os.S_IFREG ? "True" : "False", Math.floor(st.mtime / 1000));
print((os.stat("sub")[0].mode & os.S_IFMT) == os.S_IFDIR ? "True" : "False");
const f = std.open("new", "w"); f.puts("12345"); f.close();
[st] = os.stat("new");
print(st.size, Math.abs(Date.now() - st.mtime) < 10000 ? "fresh" : "stale");
os.utimes("new", 1e12, 1e12);
print(Math.floor(os.stat("new")[0].mtime / 1000));
`,
		files: map[string]string{"data.bin": strings.Repeat("x", 1234), "sub/keep": ""},
		prepare: func(t *testing.T, dir string) {
			if err := os.Chtimes(filepath.Join(dir, "data.bin"), projectMtime, projectMtime); err != nil {
				t.Fatal(err)
			}
		},
		stdout: "1234 True " + strconv.FormatInt(projectMtime.Unix(), 10) + "\nTrue\n5 fresh\n1000000000\n",
	}, {
		name: "/tmp is an empty writable directory",
		py: pyFS + `import tempfile
print(ls("/tmp"), tempfile.gettempdir())
open("/tmp/t", "w").write("temp")
print(open("/tmp/t").read(), ls("/tmp"))
`,
		js: jsFS + `print(ls("/tmp"), std.getenv("TMPDIR"));
write("/tmp/t", "temp");
print(std.loadFile("/tmp/t"), ls("/tmp"));
`,
		stdout: "[] /tmp\ntemp ['t']\n",
	}, {
		name: "a project file reads back byte for byte",
		py: `data = open("bytes.bin", "rb").read()
print(len(data), data == bytes(range(256)))
print(open("/app/data/words.txt").read().split())
`,
		js: `const f = std.open("bytes.bin", "rb");
const b = new Uint8Array(300), n = f.read(b.buffer, 0, 300);
print(n, b.slice(0, n).every((v, i) => v == i) ? "True" : "False");
print("['" + std.loadFile("/app/data/words.txt").split(/\s+/).filter(w => w).join("', '") + "']");
`,
		files:  map[string]string{"bytes.bin": string(allBytes()), "data/words.txt": "alpha beta\ngamma\n"},
		stdout: "256 True\n['alpha', 'beta', 'gamma']\n",
	}, {
		name: "a missing file is ENOENT",
		py: `import os
try:
    open("missing.txt")
except FileNotFoundError as e:
    print(os.strerror(e.errno))
`,
		js: `const err = {};
if (std.open("missing.txt", "r", err) === null) print(std.strerror(err.errno));
`,
		stdout: "No such file or directory\n",
	}, {
		name: "writing in /app does not change the host project",
		py: pyFS + `open("data/x.txt", "w").write("changed")
open("new.txt", "w").write("new")
os.unlink("old.txt")
os.mkdir("newdir")
os.rename("main.py", "moved.py")
print(open("data/x.txt").read(), ls("."))
`,
		js: jsFS + `write("data/x.txt", "changed");
write("new.txt", "new");
os.remove("old.txt");
os.mkdir("newdir");
os.rename("main.js", "moved.js");
print(std.loadFile("data/x.txt"), ls("."));
`,
		files:     map[string]string{"data/x.txt": "original", "old.txt": "old"},
		stdout:    "changed ['data', 'moved.{ext}', 'new.txt', 'newdir']\n",
		unchanged: true,
	}, {
		name: "a --dir mount is the host directory, read-write",
		py: `print(open("/data/in.txt").read())
open("/data/out.txt", "w").write("from the guest")
`,
		js: `print(std.loadFile("/data/in.txt"));
const f = std.open("/data/out.txt", "w"); f.puts("from the guest"); f.close();
`,
		files:  map[string]string{"mnt/in.txt": "from the host"},
		args:   []string{"{dir}", "--dir", "{dir}/mnt:/data"},
		stdout: "from the host\n",
		check: func(t *testing.T, lang, dir string, r result) {
			b, err := os.ReadFile(filepath.Join(dir, "mnt", "out.txt"))
			if string(b) != "from the guest" {
				t.Errorf("the host file holds %q (%v), want what the guest wrote", b, err)
			}
		},
	}})
}

// listTree maps every file and directory (with a trailing slash) under dir
// to its content.
func listTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func allBytes() []byte {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}
