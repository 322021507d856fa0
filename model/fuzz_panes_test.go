package model

import (
	"encoding/binary"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/model/kit"
	"github.com/ivsdash/ivsdash/model/panes"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/model/watch"
	"github.com/ivsdash/ivsdash/service"
)

// FuzzPanes renders every pane (and the dialogs over them) with API data
// made from the fuzzer's bytes, at terminal sizes down to 1x1, the way the
// golden tests build panes: results fed as messages, no client. The screen
// must never panic, never carry an escape sequence or control from the data
// (only our SGR styling), never be wider than the terminal nor have more
// lines than it. Run it with:
//
//	go test -run '^$' -fuzz FuzzPanes -fuzztime 10m ./model
func FuzzPanes(f *testing.F) {
	for _, seed := range fuzzPaneSeeds() {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		renderFuzzedPane(t, &dataGen{b: data})
	})
}

// fuzzPaneSeeds start every pane and dialog with hostile text and sizes
// from 1x1 to wide.
func fuzzPaneSeeds() [][]byte {
	var seeds [][]byte
	for pane := range fuzzPaneCount {
		for _, size := range [][2]byte{{0, 0}, {40, 10}, {120, 40}, {199, 69}} {
			seed := []byte{size[0], size[1], byte(pane), byte(pane % 9), 5, 3}
			for i := range 64 {
				seed = append(seed, byte(i*37+pane*11), 2, byte(i))
			}
			seeds = append(seeds, seed)
		}
	}
	return seeds
}

// dataGen turns fuzz bytes into values; past the end it yields zeros, so
// every input is a complete case.
type dataGen struct {
	b []byte
	i int
}

func (g *dataGen) byte() byte {
	if g.i >= len(g.b) {
		return 0
	}
	c := g.b[g.i]
	g.i++
	return c
}

func (g *dataGen) intn(n int) int {
	if n <= 1 {
		return 0
	}
	v := int(g.byte())
	if n > 256 {
		v = v<<8 | int(g.byte())
	}
	return v % n
}

func (g *dataGen) bool() bool { return g.byte()&1 == 1 }

// fuzzWords are what the API usually says: states, names, codes.
var fuzzWords = []string{"CONNECTED", "DISCONNECTED", "ACTIVE", "STOPPED", "STARTING", "FAILED", "INACTIVE",
	"RECONNECTING", "JOINED", "LEFT", "PUBLISH_STARTED", "PUBLISH_ERROR", "SUBSCRIBE_ERROR", "JOIN_ERROR",
	"INSUFFICIENT_CAPABILITIES", "PUBLISHER_NOT_FOUND", "QUOTA_EXCEEDED", "RTMPS", "RTMP", "WHIP", "SOURCE", "REPLICA",
	"HLS", "AUDIO_VIDEO", "alice", "main-broadcast", "arn:aws:ivs:us-east-1:123456789012:stage/AbCdEfGh1234",
	"st-A1b2C3d4E5f6G", "pAlice000001", "https://example.com/whip", "role", "host"}

// fuzzHostile are pieces of what a participant or a broken API could send.
var fuzzHostile = []string{"\x1b[2J", "\x1b]0;title\x07", "\x1b]8;;http://x/\x1b\\", "\x1b]52;c;AAAA\x07", "\x1b[31m",
	"\x1bP1;2q\x1b\\", "\x1b_apc\x1b\\", "\x1b^pm\x1b\\", "\x1bX", "\x1b[?1049l", "\x1b[6n", "\x1b", "\x07", "\r", "\n", "\t", "\x00", "\x7f",
	"\u009b2J", "\u009d0;x\u009c", "\u0085", "\u202e", "\u2066", "\u200f", "\u061c", "\ufeff", "\u2028", "\xff", "\xc3", "\xe2\x80",
	"长", "👩\u200d💻", "🏳️\u200d🌈", "e\u0301", strings.Repeat("\u0301", 20), "ｗｉｄｅ", "\u00ad"}

// str makes a string: empty, a usual word, hostile pieces, raw bytes, or
// a long repetition.
func (g *dataGen) str() string {
	switch g.intn(8) {
	case 0:
		return ""
	case 1, 2:
		return fuzzWords[g.intn(len(fuzzWords))]
	case 3:
		n := g.intn(24)
		if g.i+n > len(g.b) {
			n = max(0, len(g.b)-g.i)
		}
		s := string(g.b[g.i : g.i+n])
		g.i += n
		return s
	case 4:
		piece := fuzzHostile[g.intn(len(fuzzHostile))] + fuzzWords[g.intn(len(fuzzWords))]
		return strings.Repeat(piece, 1+g.intn(600))
	}
	var b strings.Builder
	for range 1 + g.intn(6) {
		if g.bool() {
			b.WriteString(fuzzHostile[g.intn(len(fuzzHostile))])
		} else {
			b.WriteString(fuzzWords[g.intn(len(fuzzWords))])
		}
	}
	return b.String()
}

var fuzzNow = goldenNow

// time is the fixed now, zero, or an offset of up to days either way.
func (g *dataGen) time() time.Time {
	switch g.intn(6) {
	case 0:
		return time.Time{}
	case 1:
		return fuzzNow.Add(time.Duration(int64(binary.LittleEndian.Uint64([]byte{g.byte(), g.byte(), g.byte(), g.byte(), g.byte(), g.byte(), g.byte(), g.byte()}))))
	}
	return fuzzNow.Add(time.Duration(g.intn(1<<16)-1<<15) * time.Duration(1+g.intn(3600)) * time.Second / 8)
}

var timeType = reflect.TypeOf(time.Time{})

// fill sets every field of v from the generator: strings, numbers, bools,
// times, slices and maps of a few, pointers set or nil.
func (g *dataGen) fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(g.str())
	case reflect.Bool:
		v.SetBool(g.bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(g.intn(1<<16) - 1<<10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(g.intn(1 << 16)))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(g.intn(1<<16)) / float64(1+g.intn(100)))
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(g.time()))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				g.fill(v.Field(i), depth+1)
			}
		}
	case reflect.Pointer:
		if depth < 6 && g.bool() {
			p := reflect.New(v.Type().Elem())
			g.fill(p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		if depth >= 6 {
			return
		}
		n := g.intn(5)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			g.fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		if depth >= 6 {
			return
		}
		m := reflect.MakeMap(v.Type())
		for range g.intn(4) {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			g.fill(k, depth+1)
			g.fill(e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	}
}

// gen makes a T from the generator.
func gen[T any](g *dataGen) T {
	var x T
	g.fill(reflect.ValueOf(&x).Elem(), 0)
	return x
}

// genList makes up to n Ts (many, sometimes, to scroll).
func genList[T any](g *dataGen) []T {
	n := g.intn(6)
	if g.intn(8) == 0 {
		n = 20 + g.intn(200)
	}
	out := make([]T, n)
	for i := range out {
		out[i] = gen[T](g)
	}
	return out
}

// genErr is nil, or a classified failure with hostile words.
func (g *dataGen) err() error {
	if g.intn(4) != 0 {
		return nil
	}
	return &service.Error{Kind: service.Kind(g.intn(16)), Op: g.str(), Code: g.str(), Message: g.str(), RequestID: g.str(), Err: errors.New(g.str())}
}

// feed hands a pane the result of its latest request of a kind, if it made one.
func feed[T any](a *App, p kit.Pane, kind string, val T, err error) {
	type withReqs interface{ Requests() *kit.Requests }
	wr, ok := p.(withReqs)
	if !ok {
		return
	}
	req := wr.Requests().Latest[kind]
	if req == 0 {
		return
	}
	a.Update(kit.PaneMsg{To: p.ID(), Msg: kit.Fetched[T]{Kind: kind, Req: req, Val: val, Err: err, At: fuzzNow}})
}

// show pushes p over the stack and starts it (its commands are dropped:
// there is no client).
func (a *App) fuzzPush(p kit.Pane) {
	a.stack = append(a.stack, p)
	_ = p.Init(a.ctx)
}

// fuzzWatch gives the watcher a session with participants and events, for
// the timeline and triage.
func fuzzWatch(a *App, g *dataGen, st service.Stage, sess service.Session) {
	w := a.ctx.Watch
	k := watch.Key{StageARN: st.ARN, SessionID: sess.ID}
	w.Observe(watch.Listing{Stage: st, Session: sess.ID, Opened: true}, fuzzNow.Add(-time.Hour))
	parts := genList[service.Participant](g)
	w.Done(watch.Result(watchListed(k, fuzzNow, parts...)))
	for _, p := range parts {
		r := watch.Result(watchRead(k, p.ID, fuzzNow, genList[service.Event](g)...))
		r.Err = g.err()
		w.Done(r)
	}
}

const fuzzPaneCount = 19

func renderFuzzedPane(t *testing.T, g *dataGen) {
	w, h := 1+g.intn(220), 1+g.intn(70)
	if g.bool() {
		w, h = 1+g.intn(60), 1+g.intn(16) // small sizes often
	}
	a := New(Config{Mode: g.str(), Endpoint: g.str(), ReadOnly: g.bool(), Now: func() time.Time { return fuzzNow }, Interval: time.Second})
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	c := a.ctx
	st, sess := gen[service.Stage](g), gen[service.Session](g)
	if g.bool() {
		c.RememberStage(st)
	}
	var p kit.Pane
	switch pane := g.intn(fuzzPaneCount); pane {
	case 0:
		p = a.top()
		a.Init()
		feed(a, p, "stages", service.Page[service.Stage]{Items: genList[service.Stage](g), NextToken: g.str()}, g.err())
		feed(a, p, "live", gen[panes.LiveInfo](g), g.err())
	case 1:
		p = panes.NewSessionsPane(c, st)
		a.fuzzPush(p)
		feed(a, p, "sessions", service.Page[service.Session]{Items: genList[service.Session](g)}, g.err())
	case 2:
		p = panes.NewParticipantsPane(c, st, sess)
		a.fuzzPush(p)
		feed(a, p, "publishers", genList[service.Participant](g), g.err())
		feed(a, p, "scan", panes.PagedFrom{Page: service.Page[service.Participant]{Items: genList[service.Participant](g)}}, g.err())
	case 3:
		p = panes.NewParticipantPane(c, st, sess, gen[service.Participant](g))
		a.fuzzPush(p)
		feed(a, p, "participant", gen[service.Participant](g), g.err())
		feed(a, p, "events", panes.EventPage{Page: service.Page[service.Event]{Items: genList[service.Event](g)}}, g.err())
	case 4:
		fuzzWatch(a, g, st, sess)
		p = panes.NewTimelinePane(c, st, sess)
		a.fuzzPush(p)
		if g.bool() {
			p.(*panes.TimelinePane).SetFilter(g.str())
		}
	case 5:
		fuzzWatch(a, g, st, sess)
		p = panes.NewTriagePane(c)
		a.fuzzPush(p)
	case 6:
		p = panes.NewCompositionsPane(c)
		a.fuzzPush(p)
		feed(a, p, "compositions", genList[service.Composition](g), g.err())
	case 7:
		p = panes.NewCompositionPane(c, gen[service.Composition](g))
		a.fuzzPush(p)
		feed(a, p, "composition", gen[service.Composition](g), g.err())
	case 8:
		p = panes.NewStageDetailPane(c, st)
		a.fuzzPush(p)
		feed(a, p, "stage", gen[service.Stage](g), g.err())
	case 9:
		p = panes.NewIngestPane(c)
		a.fuzzPush(p)
		feed(a, p, "stages", genList[service.Stage](g), g.err())
		feed(a, p, kit.ListKind, genList[service.IngestConfiguration](g), g.err())
	case 10:
		p = panes.NewIngestDetailPane(c, gen[service.IngestConfiguration](g))
		a.fuzzPush(p)
		feed(a, p, kit.DetailKind, gen[service.IngestConfiguration](g), g.err())
		feed(a, p, "stage", gen[service.Stage](g), g.err())
		if g.bool() {
			a.Update(keyMsg("v")) // reveal the stream key
		}
	case 11:
		p = panes.NewEncodersPane(c)
		a.fuzzPush(p)
		feed(a, p, kit.ListKind, genList[service.EncoderConfiguration](g), g.err())
	case 12:
		p = panes.NewEncoderPane(c, gen[service.EncoderConfiguration](g))
		a.fuzzPush(p)
		feed(a, p, kit.DetailKind, gen[service.EncoderConfiguration](g), g.err())
		feed(a, p, "users", genList[service.Composition](g), g.err())
	case 13:
		p = panes.NewStoragePane(c)
		a.fuzzPush(p)
		feed(a, p, kit.ListKind, genList[service.StorageConfiguration](g), g.err())
	case 14:
		p = panes.NewStorageDetailPane(c, gen[service.StorageConfiguration](g))
		a.fuzzPush(p)
		feed(a, p, kit.DetailKind, gen[service.StorageConfiguration](g), g.err())
	case 15:
		p = panes.NewKeysPane(c)
		a.fuzzPush(p)
		feed(a, p, kit.ListKind, genList[service.PublicKey](g), g.err())
	case 16:
		p = panes.NewKeyDetailPane(c, gen[service.PublicKey](g))
		a.fuzzPush(p)
		feed(a, p, kit.DetailKind, gen[service.PublicKey](g), g.err())
	case 17:
		p = panes.NewTagsPane(c, g.str(), g.str())
		a.fuzzPush(p)
		feed(a, p, "tags", panes.TagList(gen[map[string]string](g)), g.err())
	case 18:
		_ = a.top().Init(c)
		cmd := kit.OpenRoute(route.Replicas{Stage: st, Session: sess, Participant: gen[service.Participant](g)})
		a.Update(cmd()) // the push
		p = a.top()
		feed(a, p, "replicas", genList[service.Replica](g), g.err())
	}

	// Moves, a filter, and perhaps a dialog or the help over the pane.
	for range g.intn(4) {
		a.Update(keyMsg([]string{"down", "end", "pgdown", "up", "home"}[g.intn(5)]))
	}
	if f, ok := p.(kit.Filterable); ok && g.intn(4) == 0 {
		f.SetFilter(g.str())
	}
	switch g.intn(10) {
	case 0:
		// Dialog frames sanitise what they show, so even raw text is safe.
		a.Update(kit.OpenDialogMsg{Dialog: kit.NewConfirm(g.str(), g.str(), g.str(), g.bool(), nil)})
		if g.bool() {
			cmd := kit.DisconnectDialog(c, p.ID(), st, gen[service.Participant](g))
			if msg, ok := cmd().(kit.OpenDialogMsg); ok {
				a.Update(msg)
			}
		}
	case 1:
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewExportDialog(st, g.str(), nil)})
	case 2:
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewTokenForm(c, st)})
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewTokenResultDialog(st, gen[service.ParticipantToken](g), g.str())})
		if g.bool() {
			a.Update(keyMsg("v"))
		}
	case 3:
		a.Update(kit.OpenDialogMsg{Dialog: panes.NewStageTokensDialog(st, genList[service.ParticipantToken](g))})
	case 4:
		// The placeholder is always the program's own text; the value may
		// be a participant's user id (u prefills the selected one).
		a.Update(kit.OpenDialogMsg{Dialog: kit.NewInputDialog(c, g.str(), "user id (exact; empty clears)", g.str(), service.MaxUserIDLength, nil)})
	case 5:
		a.help = true
	case 6:
		a.Update(kit.FlashMsg{Level: kit.FlashLevel(g.intn(4)), Text: g.str()})
	case 7:
		a.Update(keyMsg("/"))
		for _, r := range g.str() {
			a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}

	out := a.render()
	checkFuzzScreen(t, out, w, h)
	// The pane alone, at a size of its own (the root never gives it less
	// than a line, but a pane must not panic or leak whatever it gets).
	pw, ph := g.intn(200), g.intn(60)
	checkNoDataEscapes(t, a.top().View(c, pw, ph))
}

// sgr is the only escape sequence the screen may hold: our styling.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

func checkFuzzScreen(t *testing.T, out string, w, h int) {
	t.Helper()
	lines := strings.Split(out, "\n")
	if len(lines) > h {
		t.Fatalf("%d lines on a %dx%d terminal:\n%s", len(lines), w, h, ansi.Strip(out))
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Fatalf("line %d is %d cells on a %dx%d terminal: %q", i, n, w, h, ansi.Strip(l))
		}
	}
	checkNoDataEscapes(t, out)
}

// checkNoDataEscapes fails on anything but SGR, printable text and line
// breaks: no other escape sequence, no C0 or C1 control, no bidi control,
// no invalid UTF-8.
func checkNoDataEscapes(t *testing.T, out string) {
	t.Helper()
	bare := sgr.ReplaceAllString(out, "")
	if !utf8.ValidString(bare) {
		t.Fatalf("invalid UTF-8 on screen: %q", bare)
	}
	for i, r := range bare {
		switch {
		case r == '\n':
		case r < 0x20, r >= 0x7f && r <= 0x9f:
			t.Fatalf("control %U on screen at %d: %q", r, i, bare[max(0, i-30):min(len(bare), i+30)])
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			t.Fatalf("bidi control %U on screen: %q", r, bare[max(0, i-30):min(len(bare), i+30)])
		}
	}
}
