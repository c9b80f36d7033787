package detect

import "slices"

// pythonEntries are the files a Python project starts from, in order of
// preference: __main__.py is what 'python DIR' runs.
var pythonEntries = []string{"__main__.py", "main.py", "app.py"}

// pythonManifests say "Python" but are not run.
var pythonManifests = []string{"pyproject.toml", "requirements.txt", "setup.py", "Pipfile"}

func pythonMarkers(d *projectDir) []string {
	return d.present(slices.Concat(pythonEntries, pythonManifests)...)
}

func pythonEntry(d *projectDir) (string, string, error) {
	for _, n := range pythonEntries {
		if d.has(n) {
			return n, "found " + n, nil
		}
	}
	return "", "", nil
}
