package cli

import (
	"maps"
	"strings"
	"testing"
)

// langCase is one behaviour of `wasmrun run`, checked on both languages: the
// same program written for CPython (main.py) and for QuickJS (main.js,
// with qjs:std and qjs:os), and what both must do.
type langCase struct {
	name   string
	py, js string            // the entry of each language; "" skips that language
	files  map[string]string // more project files
	// args are the arguments after "run": {dir} is the project, {lang} the
	// language's name, {ext} its extension (also in stdout). Default: just
	// the project.
	args   []string
	stdin  string
	code   int
	stdout string // exactly
	// ignoreStdout: stdout is not checked (check may look at it).
	ignoreStdout bool
	// skip, if set, skips the case: "BUG: ..." for a known failure.
	skip   string
	stderr []string // substrings
	// prepare, if set, changes the project dir before the run.
	prepare func(t *testing.T, dir string)
	// unchanged: the run must leave the host project as it was.
	unchanged bool
	// check, if set, checks more (the project is dir).
	check func(t *testing.T, lang, dir string, r result)
}

// runLangCases runs every case in both languages, in parallel.
func runLangCases(t *testing.T, cases []langCase) {
	for _, c := range cases {
		for _, l := range []struct{ lang, ext, src string }{
			{"python", "py", c.py},
			{"javascript", "js", c.js},
		} {
			if l.src == "" {
				continue
			}
			t.Run(l.lang+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				skipBug(t, c.skip)
				if l.lang == "python" {
					needPython(t)
				}
				files := map[string]string{"main." + l.ext: l.src}
				for k, v := range c.files {
					files[k] = v
				}
				dir := newProject(t, files)
				args := c.args
				if args == nil {
					args = []string{"{dir}"}
				}
				args = expand(args, dir)
				subst := strings.NewReplacer("{lang}", l.lang, "{ext}", l.ext)
				for i := range args {
					args[i] = subst.Replace(args[i])
				}
				if c.prepare != nil {
					c.prepare(t, dir)
				}
				var before map[string]string
				if c.unchanged {
					before = listTree(t, dir)
				}
				r := wasmrun(t, c.stdin, append([]string{"run"}, args...)...)
				var stderr []string
				for _, e := range c.stderr {
					stderr = append(stderr, subst.Replace(e))
				}
				stdout := ptr(subst.Replace(c.stdout))
				if c.ignoreStdout {
					stdout = nil
				}
				check(t, r, c.code, stdout, stderr...)
				if c.unchanged {
					if after := listTree(t, dir); !maps.Equal(before, after) {
						t.Errorf("the host project changed:\nbefore %q\nafter  %q", before, after)
					}
				}
				if c.check != nil {
					c.check(t, l.lang, dir, r)
				}
			})
		}
	}
}

// Programs that print their arguments and environment as compact JSON, the
// same in both languages.
const (
	pyArgv = `import sys, json
print(json.dumps(sys.argv[1:], separators=(",", ":"), ensure_ascii=False))
`
	jsArgv = `print(JSON.stringify(scriptArgs.slice(1)));
`
	pyEnv = `import os, json
env = {k: v for k, v in sorted(os.environ.items()) if k != "PYTHONPATH"}
print(json.dumps(env, separators=(",", ":")))
`
	jsEnv = `const env = std.getenviron(), sorted = {};
for (const k of Object.keys(env).sort()) sorted[k] = env[k];
print(JSON.stringify(sorted));
`
)

func TestRunArgvEnvAndWorkingDirectory(t *testing.T) {
	const baseEnv = `"HOME":"/app","PWD":"/app","TMPDIR":"/tmp"`
	runLangCases(t, []langCase{{
		name: "no arguments",
		py:   pyArgv, js: jsArgv,
		stdout: "[]\n",
	}, {
		name: "arguments after -- reach the program verbatim",
		py:   pyArgv, js: jsArgv,
		args:   []string{"{dir}", "--", "a", "b c", "", "ünïcødé", "--env", "-v", "--", "*"},
		stdout: `["a","b c","","ünïcødé","--env","-v","--","*"]` + "\n",
	}, {
		name: "flags before PATH",
		py:   pyArgv + pyEnv, js: jsArgv + jsEnv,
		args:   []string{"--env", "A=1", "-l", "{lang}", "--timeout", "1m", "{dir}", "--", "x"},
		stdout: `["x"]` + "\n" + `{"A":"1",` + baseEnv + "}\n",
	}, {
		name: "flags after PATH",
		py:   pyArgv + pyEnv, js: jsArgv + jsEnv,
		args:   []string{"{dir}", "--env", "A=1", "--language", "{lang}", "--", "y"},
		stdout: `["y"]` + "\n" + `{"A":"1",` + baseEnv + "}\n",
	}, {
		name: "PATH names the entry file; argv[0] is its path under /app",
		py:   "import sys\nprint(' '.join(sys.argv))\n", js: "print(scriptArgs.join(' '));\n",
		args:   []string{"{dir}/main.{ext}", "--", "z"},
		stdout: "/app/main.{ext} z\n",
	}, {
		name: "--entry picks another file",
		py:   "print('main')\n", js: "print('main');\n",
		files: map[string]string{
			"tools/other.py": "import sys, os\nprint('other', sys.argv[0], os.getcwd())\n",
			"tools/other.js": "print('other', scriptArgs[0], os.getcwd()[0]);\n",
		},
		args:   []string{"{dir}", "--entry", "tools/other.{ext}"},
		stdout: "other /app/tools/other.{ext} /app\n",
	}, {
		name: "the environment is only the kernel's and --env's",
		py:   pyEnv, js: jsEnv,
		args:   []string{"{dir}", "--env", "A=1", "--env", "B=x=y", "--env", "C=", "--env", "A=2"},
		stdout: `{"A":"2","B":"x=y","C":"",` + baseEnv + "}\n",
	}, {
		name: "the host environment does not leak",
		py:   pyEnv, js: jsEnv,
		stdout: "{" + baseEnv + "}\n",
	}, {
		name: "--env overrides HOME",
		py:   pyEnv, js: jsEnv,
		args:   []string{"{dir}", "--env", "HOME=/tmp"},
		stdout: `{"HOME":"/tmp","PWD":"/app","TMPDIR":"/tmp"}` + "\n",
	}, {
		name: "the working directory is /app and relative paths resolve there",
		py: `import os
print(os.getcwd())
print(os.path.abspath("data/x.txt"))
print(open("data/x.txt").read())
print(open("./data/../data/x.txt").read())
print(sorted(os.listdir(".")))
`,
		js: `print(os.getcwd()[0]);
print(os.getcwd()[0] + "/data/x.txt");
print(std.loadFile("data/x.txt"));
print(std.loadFile("./data/../data/x.txt"));
print("['" + os.readdir(".")[0].filter(n => n[0] != ".").sort().join("', '") + "']");
`,
		files:  map[string]string{"data/x.txt": "hello"},
		stdout: "/app\n/app/data/x.txt\nhello\nhello\n['data', 'main.{ext}']\n",
	}})
}

// TestRunWithoutPATH runs the current directory, as `cd project && wasmrun
// run` does; it needs the binary, since a test cannot change the working
// directory of the others running in parallel.
func TestRunWithoutPATH(t *testing.T) {
	for _, l := range []struct{ file, src string }{
		{"main.py", "import os\nprint(os.getcwd(), sorted(os.listdir('.')))\n"},
		{"main.js", "print(os.getcwd()[0], JSON.stringify(os.readdir('.')[0].filter(n => n[0] != '.').sort()));\n"},
	} {
		t.Run(l.file, func(t *testing.T) {
			t.Parallel()
			if strings.HasSuffix(l.file, ".py") {
				needPython(t)
			}
			dir := newProject(t, map[string]string{l.file: l.src, "data.txt": ""})
			cmd := command(t, "run")
			cmd.Dir = dir
			r := runBinary(t, cmd, "")
			want := map[string]string{
				"main.py": "/app ['data.txt', 'main.py']\n",
				"main.js": `/app ["data.txt","main.js"]` + "\n",
			}[l.file]
			check(t, r, 0, &want)
		})
	}
}
