// Command httpserver is a Go HTTP server for GOOS=wasip1 that serves on the
// listening socket wasmrun passes it (--listen, --forward), the way a Go
// program uses a socket it inherits: net.FileListener(os.NewFile(fd, ...)).
//
//	GET  /api/hello  {"hello":"go","listenFDs":"4:1","names":"3000"}
//	GET  /file       the content of $DATA_DIR/message.txt (default /data)
//	POST /api/echo   {"got":BODY,"sum":A+B} for a body {"a":A,"b":B}
//	POST /quit       "bye", then the server ends
//	anything else    404 {"error":"not found","path":PATH}
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
)

func main() {
	// WASMRUN_LISTEN_FDS=FIRST:COUNT says where the sockets are.
	spec := os.Getenv("WASMRUN_LISTEN_FDS")
	first, err := strconv.Atoi(strings.Split(spec, ":")[0])
	if err != nil {
		fmt.Fprintf(os.Stderr, "httpserver: WASMRUN_LISTEN_FDS=%q: %v\n", spec, err)
		os.Exit(2)
	}
	ln, err := net.FileListener(os.NewFile(uintptr(first), "listener"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "httpserver:", err)
		os.Exit(1)
	}
	srv := &http.Server{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/hello", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"hello": "go", "listenFDs": spec, "names": os.Getenv("LISTEN_FDNAMES")})
	})
	mux.HandleFunc("GET /file", func(w http.ResponseWriter, r *http.Request) {
		dir := os.Getenv("DATA_DIR")
		if dir == "" {
			dir = "/data"
		}
		b, err := os.ReadFile(dir + "/message.txt")
		if err != nil {
			writeJSON(w, 500, map[string]any{"error": err.Error()})
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		w.Write(b)
	})
	mux.HandleFunc("POST /api/echo", func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeJSON(w, 400, map[string]any{"error": err.Error()})
			return
		}
		a, _ := body["a"].(float64)
		b, _ := body["b"].(float64)
		writeJSON(w, 200, map[string]any{"got": body, "sum": a + b})
	})
	mux.HandleFunc("POST /quit", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("bye"))
		go srv.Shutdown(context.Background())
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, map[string]any{"error": "not found", "path": r.URL.Path})
	})
	srv.Handler = mux
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, "httpserver:", err)
		os.Exit(1)
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
