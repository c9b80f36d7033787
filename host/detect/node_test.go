package detect

import "testing"

func TestLastNodeCommand(t *testing.T) {
	for _, tc := range []struct {
		name   string
		script string
		file   string // "" when the script has no node FILE
		text   string
	}{
		{"empty script", "", "", ""},
		{"node FILE", "node server.js", "server.js", "node server.js"},
		{"node alone", "node", "", ""},
		{"a boolean option", "node --watch server.js", "server.js", "node --watch server.js"},
		{"an option with =", "node --inspect=0.0.0.0:9229 server.js", "server.js", "node --inspect=0.0.0.0:9229 server.js"},
		{"an option with a separate value", "node -r ts-node/register src/x.js", "src/x.js", "node -r ts-node/register src/x.js"},
		{"--import with a separate value", "node --import tsx ./src/x.js", "src/x.js", "node --import tsx ./src/x.js"},
		{"--require=", "node --require=dotenv/config x.js", "x.js", "node --require=dotenv/config x.js"},
		{"-- ends the options", "node -- -weird.js", "-weird.js", "node -- -weird.js"},
		{"-- with nothing after", "node --", "", ""},
		{"-e evaluates a string", "node -e 'console.log(1)'", "", ""},
		{"--eval= evaluates a string", "node --eval=1", "", ""},
		{"-p prints a string", "node -p process.version", "", ""},
		{"--test runs tests", "node --test", "", ""},
		{"- reads stdin", "node - < x.js", "", ""},
		{"arguments after FILE", "node server.js --port 3000", "server.js", "node server.js"},
		{"after a build step", "tsc && node dist/x.js", "dist/x.js", "node dist/x.js"},
		{"the last of two", "node build.js && node server.js", "server.js", "node server.js"},
		{"after ;", "node a.js; node b.js", "b.js", "node b.js"},
		{"after ||", "node a.js || node b.js", "b.js", "node b.js"},
		{"on a later line", "node a.js &\nnode b.js", "b.js", "node b.js"},
		{"before a pipe", "node server.js | pino-pretty", "server.js", "node server.js"},
		{"with a redirection", "node server.js 2>&1 | tee log", "server.js", "node server.js"},
		{"an environment assignment", "NODE_ENV=production node x.js", "x.js", "node x.js"},
		{"env", "env PORT=1 node x.js", "x.js", "node x.js"},
		{"cross-env", "cross-env A=1 B=2 node x.js", "x.js", "node x.js"},
		{"not an assignment", "1A=x node y.js", "", ""},
		{"another program", "nodemon x.js", "", ""},
		{"npx", "npx ts-node src/x.ts", "", ""},
		{"cd", "cd api && node index.js", "api/index.js", "node index.js"},
		{"cd twice", "cd api && cd v2 && node index.js", "api/v2/index.js", "node index.js"},
		{"cd to an absolute directory", "cd /srv && node x.js", "/srv/x.js", "node x.js"},
		{"an absolute FILE", "node /app/server.js", "/app/server.js", "node /app/server.js"},
		{"node .", "npm run build && node .", ".", "node ."},
		{"single quotes", "node 'my app.js'", "my app.js", "node my app.js"},
		{"double quotes", `node "dir/my app.js"`, "dir/my app.js", "node dir/my app.js"},
		{"a backslash", `node my\ app.js`, "my app.js", "node my app.js"},
		{"an unterminated quote", `node 'x.js`, "x.js", "node x.js"},
		{"a path with ..", "node ./dist/../build/x.js", "build/x.js", "node ./dist/../build/x.js"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd, ok := lastNodeCommand(tc.script)
			if ok != (tc.file != "") || cmd.file != tc.file || cmd.text != tc.text {
				t.Errorf("lastNodeCommand(%q) = %q, %q, %v; want %q, %q", tc.script, cmd.file, cmd.text, ok, tc.file, tc.text)
			}
		})
	}
}
