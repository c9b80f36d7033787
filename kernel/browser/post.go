//go:build js

package browser

import (
	"encoding/json"
	"unsafe"

	"github.com/wasmrun/wasmrun/kernel/protocol"
)

// postJSON sends v as JSON, with data beside it.
func postJSON(v any, data []byte) {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(protocol.Event{Event: "error", Body: protocol.ErrorEvent{Message: "kernel: " + err.Error()}})
	}
	var dp unsafe.Pointer
	if len(data) > 0 {
		dp = unsafe.Pointer(&data[0])
	}
	post(unsafe.Pointer(&b[0]), uint32(len(b)), dp, uint32(len(data)))
}

func postEvent(name string, body any, data []byte) {
	postJSON(struct {
		Type string `json:"type"`
		protocol.Event
	}{"event", protocol.Event{Event: name, Body: body}}, data)
}

// respond answers request seq with body, or with err's message.
func respond(seq int, command string, body any, err error) {
	r := protocol.Response{RequestSeq: seq, Command: command, Success: err == nil, Body: body}
	if err != nil {
		r.Message = err.Error()
		r.Body = nil
	}
	postJSON(struct {
		Type string `json:"type"`
		protocol.Response
	}{"response", r}, nil)
}
