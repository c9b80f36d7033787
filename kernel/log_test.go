package kernel_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/wasmrun/wasmrun/kernel"
)

func messages(entries []kernel.Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.Message
	}
	return out
}

func TestLogBusLevels(t *testing.T) {
	b := kernel.NewLogBus(16, kernel.LevelWarn)
	for _, l := range []kernel.Level{kernel.LevelDebug, kernel.LevelInfo, kernel.LevelWarn, kernel.LevelError} {
		b.Log(l, kernel.SourceKernel, 0, nil, "%s", l)
	}
	if got := messages(b.Entries()); !slices.Equal(got, []string{"warn", "error"}) {
		t.Errorf("at warn the bus kept %v, want [warn error]", got)
	}
	tests := []struct {
		min  kernel.Level
		l    kernel.Level
		want bool
	}{
		{kernel.LevelWarn, kernel.LevelInfo, false},
		{kernel.LevelWarn, kernel.LevelWarn, true},
		{kernel.LevelWarn, kernel.LevelError, true},
		{kernel.LevelDebug, kernel.LevelDebug, true},
		{kernel.LevelError + 1, kernel.LevelError, false}, // quiet: nothing at all
	}
	for _, tt := range tests {
		b.SetLevel(tt.min)
		if got := b.Enabled(tt.l); got != tt.want {
			t.Errorf("at %s, Enabled(%s) = %v, want %v", tt.min, tt.l, got, tt.want)
		}
	}
	var none *kernel.LogBus
	if none.Enabled(kernel.LevelError) {
		t.Errorf("a nil bus is enabled")
	}
	none.Log(kernel.LevelError, kernel.SourceKernel, 0, nil, "dropped") // must not panic
}

func TestLogBusRing(t *testing.T) {
	tests := []struct {
		name string
		logs int
		want []string
		seqs []uint64
	}{
		{"empty", 0, []string{}, []uint64{}},
		{"partly full", 2, []string{"m1", "m2"}, []uint64{1, 2}},
		{"exactly full", 3, []string{"m1", "m2", "m3"}, []uint64{1, 2, 3}},
		{"wrapped keeps the newest, oldest first", 5, []string{"m3", "m4", "m5"}, []uint64{3, 4, 5}},
		{"wrapped twice", 7, []string{"m5", "m6", "m7"}, []uint64{5, 6, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := kernel.NewLogBus(3, kernel.LevelInfo)
			for i := 1; i <= tt.logs; i++ {
				b.Log(kernel.LevelInfo, kernel.SourceKernel, 0, nil, "m%d", i)
			}
			es := b.Entries()
			var seqs []uint64
			for _, e := range es {
				seqs = append(seqs, e.Seq)
			}
			if got := messages(es); !slices.Equal(got, tt.want) || !slices.Equal(seqs, tt.seqs) {
				t.Errorf("Entries = %v seq %v, want %v seq %v", got, seqs, tt.want, tt.seqs)
			}
		})
	}
}

func TestLogBusEntry(t *testing.T) {
	b := kernel.NewLogBus(4, kernel.LevelDebug)
	fields := map[string]string{"state": "exited"}
	b.Log(kernel.LevelWarn, kernel.SourceProcess, 7, fields, "%d%% of %s", 100, "it")
	b.Log(kernel.LevelInfo, kernel.SourceFS, 0, nil, "plain")
	es := b.Entries()
	e := es[0]
	if e.Level != kernel.LevelWarn || e.Source != kernel.SourceProcess || e.PID != 7 || e.Fields["state"] != "exited" || e.Time.IsZero() {
		t.Errorf("entry = %+v", e)
	}
	if e.Message != "100% of it" || es[1].Message != "plain" {
		t.Errorf("messages %q, %q; want formatted with arguments, verbatim without", e.Message, es[1].Message)
	}
}

func TestLogBusEntriesIsACopy(t *testing.T) {
	b := kernel.NewLogBus(4, kernel.LevelInfo)
	b.Log(kernel.LevelInfo, kernel.SourceKernel, 0, nil, "kept")
	es := b.Entries()
	es[0].Message = "changed"
	if got := messages(b.Entries()); !slices.Equal(got, []string{"kept"}) {
		t.Errorf("after changing the copy the bus holds %v", got)
	}
}

func TestLogBusSubscribe(t *testing.T) {
	b := kernel.NewLogBus(4, kernel.LevelInfo)
	b.Log(kernel.LevelInfo, kernel.SourceKernel, 0, nil, "before")
	var first, second []kernel.Entry
	cancel1 := b.Subscribe(func(e kernel.Entry) { first = append(first, e) })
	cancel2 := b.Subscribe(func(e kernel.Entry) { second = append(second, e) })
	b.Log(kernel.LevelInfo, kernel.SourceKernel, 0, nil, "one")
	b.Log(kernel.LevelDebug, kernel.SourceKernel, 0, nil, "filtered")
	b.Log(kernel.LevelError, kernel.SourceKernel, 0, nil, "two")
	cancel1()
	cancel1() // twice is harmless
	b.Log(kernel.LevelInfo, kernel.SourceKernel, 0, nil, "three")
	cancel2()
	b.Log(kernel.LevelInfo, kernel.SourceKernel, 0, nil, "four")

	if got := messages(first); !slices.Equal(got, []string{"one", "two"}) {
		t.Errorf("first subscriber heard %v, want [one two]", got)
	}
	if got := messages(second); !slices.Equal(got, []string{"one", "two", "three"}) {
		t.Errorf("second subscriber heard %v, want [one two three]", got)
	}
	if len(second) == 3 && (second[0].Seq != 2 || second[2].Seq != 4) {
		t.Errorf("subscribers got seqs %d..%d, want the bus's 2..4", second[0].Seq, second[2].Seq)
	}
}

func TestLevelIsJSONByName(t *testing.T) {
	for _, tt := range []struct {
		l    kernel.Level
		name string
	}{
		{kernel.LevelDebug, "debug"},
		{kernel.LevelInfo, "info"},
		{kernel.LevelWarn, "warn"},
		{kernel.LevelError, "error"},
	} {
		if tt.l.String() != tt.name {
			t.Errorf("%d.String() = %q, want %q", tt.l, tt.l.String(), tt.name)
		}
		b, err := json.Marshal(kernel.Entry{Level: tt.l, Source: kernel.SourceWASI, Message: "m"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `"level":"`+tt.name+`"`) {
			t.Errorf("JSON %s does not name the level %s", b, tt.name)
		}
		var back kernel.Entry
		if err := json.Unmarshal(b, &back); err != nil || back.Level != tt.l || back.Source != kernel.SourceWASI {
			t.Errorf("round trip of %s = %+v, %v", b, back, err)
		}
	}
	var l kernel.Level
	if err := json.Unmarshal([]byte(`"loud"`), &l); err == nil {
		t.Errorf("an unknown level name was accepted as %v", l)
	}
	b, _ := json.Marshal(kernel.Entry{Message: "m"})
	if strings.Contains(string(b), `"pid"`) || strings.Contains(string(b), `"fields"`) {
		t.Errorf("JSON %s has a pid or fields it was not given", b)
	}
}
