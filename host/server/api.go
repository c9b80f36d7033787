package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"

	"github.com/julienschmidt/httprouter"

	"github.com/wasmrun/wasmrun/host/project"
	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// serveSession answers GET /api/session: the configured session, with the
// project described by a fresh scan, so that it matches the project.tar the
// page fetches next.
func (s *Server) serveSession(w http.ResponseWriter, r *http.Request, _ httprouter.Params) {
	m, err := project.Scan(s.cfg.Session.Project.Root, s.cfg.Scan)
	if err != nil {
		serverError(w, err)
		return
	}
	sess := s.cfg.Session
	sess.Project = Describe(sess.Project, m)
	sess.Command = nonNil(sess.Command)
	sess.Args = nonNil(sess.Args)
	sess.Env = nonNil(sess.Env)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", cacheNever)
	if r.Method == http.MethodHead {
		return
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(sess)
}

// Describe completes a project's description from its selection: the
// number of regular files, their size, what was skipped, and the name
// (the directory's) when p has none.
func Describe(p protocol.Project, m *project.Manifest) protocol.Project {
	p.Files, p.Bytes = 0, m.Bytes
	for _, f := range m.Files {
		if f.Mode.IsRegular() {
			p.Files++
		}
	}
	p.Skipped = make([]protocol.Skip, 0, len(m.Skipped))
	for _, sk := range m.Skipped {
		p.Skipped = append(p.Skipped, protocol.Skip{Path: sk.Path, Reason: sk.Reason})
	}
	if p.Name == "" && m.Root != "" {
		p.Name = filepath.Base(m.Root)
	}
	return p
}

// serveProjectTar answers GET /api/project.tar: the selection of a fresh
// scan, streamed.
func (s *Server) serveProjectTar(w http.ResponseWriter, r *http.Request, _ httprouter.Params) {
	m, err := project.Scan(s.cfg.Session.Project.Root, s.cfg.Scan)
	if err != nil {
		serverError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/x-tar")
	w.Header().Set("Cache-Control", cacheNever)
	if r.Method == http.MethodHead {
		return
	}
	if err := project.WriteTar(m, w); err != nil {
		// The status is sent: break the stream so that the page sees a
		// failed fetch, not a short tar.
		fmt.Fprintf(s.cfg.messages(), "wasmrun: %v\n", err)
		panic(http.ErrAbortHandler)
	}
}

func serverError(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", cacheNever)
	w.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintf(w, "wasmrun: %v\n", err)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
