package model

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// Hostile input end to end: participants join the emulator with tokens
// whose user ids and attributes carry escape sequences (title change,
// screen clear, OSC 8 hyperlinks, OSC 52 clipboard writes), C1 controls,
// bidi overrides, wide CJK and emoji, and the longest values the API
// allows; their client info (browser, OS, ISP, SDK: no API limit, set
// through the emulator's join) carries 10 KB strings. The program is driven
// to the participants list, each participant's detail, the session
// timeline, the triage view and the export dialog, and every byte it writes
// to the terminal is recorded: no sequence from the data may be in it, the
// screen must keep its header, status bar and footer, and the readable part
// of each value must show.

// byteRecorder keeps everything the program writes to its terminal.
type byteRecorder struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (r *byteRecorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.Write(p)
}

func (r *byteRecorder) bytes() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Clone(r.buf.Bytes())
}

// hostileUser is a participant's user id and the part of it that must read
// on screen.
type hostileUser struct {
	id, readable string
}

var hostileUsers = []hostileUser{
	{"\x1b]0;pwned-title\x07eve", "eve"},                                                    // OSC 0: window title
	{"\x1b[2J\x1b[Hclear-me", "clear-me"},                                                   // screen clear and home
	{"\x1b]8;;http://evil.example/\x1b\\click-me\x1b]8;;\x1b\\", "click-me"},                // OSC 8 hyperlink
	{"\x1b]52;c;cHduZWQtY2xpcA==\x07clip", "clip"},                                          // OSC 52 clipboard write
	{"c1\u009b31m-csi\u009d0;c1-title\u009c-end", "c1-csi-end"},                             // C1 CSI, OSC, ST
	{"\u202egnirts\u202c-bidi\u2066x\u2069", "gnirts-bidix"},                                // bidi overrides and isolates
	{"李雷-👩‍💻-🎉-ok", "李雷"},                                                                   // wide CJK, emoji with a joiner
	{strings.Repeat("长", 124) + "tail", strings.Repeat("长", 8)},                             // 128 runes, the API's maximum
	{"bad\xff\xfeutf8", "utf8"},                                                             // invalid UTF-8 (see the JSON note below)
	{"dcs\x1bPq#0;2;0;0;0#0~~@@vv\x1b\\-apc\x1b_hidden\x1b\\-pm\x1b^x\x1b\\", "dcs-apc-pm"}, // DCS (sixel), APC, PM
}

// hostileAttributes are a token's attributes: escape sequences in keys and
// values, as large as the API allows (1 KB in all).
func hostileAttributes() map[string]string {
	return map[string]string{
		"role\x1b[31m":  "\x1b]8;;http://evil.example/attr\x1b\\host\x1b]8;;\x1b\\",
		"note":          strings.Repeat("\x1b[2J\u009b1;1H\u202e", 40) + "attr-readable",
		"\x1b]0;t\x07k": "v",
	}
}

// hostileClient is what a hostile client SDK reports: 10 KB strings.
func hostileClient() emulator.ClientInfo {
	big := func(marker string) string {
		var b strings.Builder
		for b.Len() < 10<<10 {
			b.WriteString("\x1b]0;client-title\x07\x1b[2J\x1b]52;c;Y2xpZW50\x07\u009b2J\u202e filler text 长 ")
		}
		return marker + b.String()
	}
	return emulator.ClientInfo{BrowserName: big("browser-readable"), BrowserVersion: "\x1b[5m1.0",
		OSName: big("os-readable"), OSVersion: "\x1b]8;;http://evil.example/os\x1b\\14\x1b]8;;\x1b\\",
		ISPName: big("isp-readable"), SDKVersion: "\x1b]52;c;c2Rr\x07sdk-readable"}
}

// leakMarkers never reach the terminal when the data is sanitised: they
// live inside the sequences, which are dropped whole, or are controls.
var leakMarkers = []string{
	"pwned-title", "evil.example", "cHduZWQtY2xpcA==", "c1-title", "client-title", "Y2xpZW50", "c2Rr",
	"\x1b]8;", "\x1b]52;", "\x1b]0;", "\x1bP", "\x1b_", "\x1b^", "#0;2;0;0;0", "hidden",
	"\u009b", "\u009d", "\u009c", "\u202e", "\u202c", "\u2066", "\u2069", "\x1b[5m",
}

// osc matches an OSC sequence (7-bit introducer) up to its terminator.
var osc = regexp.MustCompile("\x1b\\][^\x07\x1b]*(?:\x07|\x1b\\\\)")

func TestE2EHostileInputNeverReachesTheTerminal(t *testing.T) {
	e := newEmulator(t, emulator.Options{NoThrottle: true, Seed: 9})
	c := testClient(e)
	ctx := context.Background()
	st, _, err := c.CreateStage(ctx, service.CreateStageRequest{Name: "hostile-stage"})
	if err != nil {
		t.Fatal(err)
	}
	var session string
	pids := map[string]string{} // participant id -> readable part
	for i, u := range hostileUsers {
		req := service.TokenRequest{StageARN: st.ARN, UserID: u.id, Capabilities: []string{service.CapabilitySubscribe}}
		if i == 0 {
			req.Attributes = hostileAttributes()
		}
		tok, err := c.CreateParticipantToken(ctx, req)
		if err != nil {
			t.Fatalf("token for %q: %v", u.id, err)
		}
		ci := emulator.ClientInfo{}
		if i == 0 {
			ci = hostileClient()
		}
		j, err := e.JoinWith(tok.Token.Reveal(), ci)
		if err != nil {
			t.Fatalf("join %q: %v", u.id, err)
		}
		_ = e.Publish(st.ARN, j.ParticipantID) // subscribe-only: a PUBLISH_ERROR for the timeline and triage
		session = j.SessionID
		pids[j.ParticipantID] = u.readable
	}

	// What the API hands back is what JSON can carry: encoding/json turns
	// invalid UTF-8 into U+FFFD on the emulator's side, so raw invalid
	// bytes never reach the dashboard through the wire (the sanitiser
	// handles them anyway: see FuzzSanitize and FuzzPanes).
	all, err := c.AllParticipants(ctx, st.ARN, session, service.ParticipantFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range all {
		if !utf8.ValidString(p.UserID) {
			t.Errorf("invalid UTF-8 came through the API: %q", p.UserID)
		}
		if strings.HasPrefix(p.UserID, "bad") && !strings.Contains(p.UserID, "\uFFFD") {
			t.Errorf("invalid UTF-8 arrived as %q, expected U+FFFD", p.UserID)
		}
	}

	rec := &byteRecorder{}
	const width, height = 120, 40
	// On a fake clock with no client-side budget: the watcher reads the ten
	// participants' events without waiting on its spacing.
	h := startHarness(t, e, harnessOpts{width: width, height: height, tee: rec, fakeClock: true, config: func(cfg *Config) {
		cfg.Client = service.NewForEndpoint(e.URL(), "us-east-1", budget.Config{Unlimited: true})
	}})
	checkIntact := func(where string, screen string) {
		t.Helper()
		lines := strings.Split(screen, "\n")
		if len(lines) < height {
			t.Errorf("%s: %d screen lines, want %d:\n%s", where, len(lines), height, screen)
			return
		}
		for i, l := range lines[:height] {
			if w := ansi.StringWidth(l); w > width {
				t.Errorf("%s: line %d is %d cells wide", where, i, w)
			}
		}
		if !strings.Contains(lines[1], "ivsdash") {
			t.Errorf("%s: the pane's header left the second line (under the breadcrumb):\n%s", where, screen)
		}
		if !strings.Contains(lines[height-3], "test") || !strings.Contains(lines[height-3], "│") {
			t.Errorf("%s: the status bar left its line:\n%s", where, screen)
		}
		if !strings.Contains(lines[height-1], "q quit") && !strings.Contains(lines[height-1], "esc") {
			t.Errorf("%s: the footer left the last line:\n%s", where, screen)
		}
	}

	h.waitFor("hostile-stage")
	h.press("enter")
	h.waitFor("Sessions of hostile-stage", session)
	h.press("enter")
	screen := h.waitFor("Participants of "+session, "eve", "clear-me", "click-me", "李雷")
	checkIntact("participants", screen)
	for _, u := range hostileUsers {
		if !strings.Contains(screen, firstRunes(u.readable, 6)) {
			t.Errorf("participants: the readable part %q of %q is not shown:\n%s", u.readable, u.id, screen)
		}
	}

	// Every participant's detail, from the list in order.
	var eve string // the one with hostile attributes and client info
	for i := range hostileUsers {
		h.press("home")
		for range i {
			h.press("down")
		}
		h.press("enter")
		screen = h.waitFor("Participant ", "Events", "PUBLISH_ERROR")
		if strings.Contains(screen, "Participant eve") {
			screen = h.waitFor("browser-readable") // GetParticipant's answer
			eve = screen
		}
		checkIntact("participant detail", screen)
		h.press("esc")
		h.waitFor("Participants of " + session)
	}
	t.Logf("the detail of the participant with 10 KB client strings:\n%s", eve)
	for _, want := range []string{"eve", "browser-readable", "os-readable", "isp-readable", "sdk-readable", "attr-readable", "role=host"} {
		if !strings.Contains(eve, want) {
			t.Errorf("participant detail: %q is not shown:\n%s", want, eve)
		}
	}

	h.press("s")
	screen = h.waitFor("Timeline · hostile-stage", "PUBLISH_ERROR", "events read for 10 of 10")
	checkIntact("session timeline", screen)
	for _, want := range []string{"eve", "clear-me", "click-me", "李雷"} {
		if !strings.Contains(screen, want) {
			t.Errorf("timeline: %q is not shown:\n%s", want, screen)
		}
	}
	h.press("e") // export
	screen = h.waitFor("Export the session")
	checkIntact("export dialog", screen)
	h.press("esc")
	h.waitGone("Export the session")

	h.press("!")
	screen = h.waitFor("Error triage", "INSUFFICIENT_CAPABILITIES", "hostile-stage")
	checkIntact("triage", screen)
	h.press("end") // the participants are listed under the code and stage
	screen = h.waitFor("Error triage")
	checkIntact("triage, last row", screen)

	raw := rec.bytes()
	for _, readable := range []string{"clear-me", "click-me", "browser-readable", "李雷"} {
		if !bytes.Contains(raw, []byte(readable)) {
			t.Fatalf("the recording lacks %q: it does not hold what the program wrote", readable)
		}
	}
	for _, m := range leakMarkers {
		if i := bytes.Index(raw, []byte(m)); i >= 0 {
			t.Errorf("the terminal received %q from the data: …%q…", m, raw[max(0, i-40):min(len(raw), i+40)])
		}
	}
	for _, s := range osc.FindAll(raw, -1) {
		if !bytes.Equal(s, []byte("\x1b]2;ivsdash\x07")) && !bytes.Equal(s, []byte("\x1b]0;ivsdash\x07")) &&
			!bytes.Equal(s, []byte("\x1b]2;ivsdash\x1b\\")) && !bytes.Equal(s, []byte("\x1b]0;ivsdash\x1b\\")) {
			t.Errorf("an OSC sequence the program did not mean to send: %q", s)
		}
	}
	// The renderer clears the screen itself when it starts; a clear from
	// the data would come with it, many times over.
	if n := bytes.Count(raw, []byte("\x1b[2J")); n > 2 {
		t.Errorf("the screen was cleared %d times", n)
	}
	if !utf8.Valid(raw) {
		t.Errorf("the output is not valid UTF-8")
	}
	t.Logf("%d bytes written to the terminal, %d OSC sequences (the title), %d screen clears", len(raw), len(osc.FindAll(raw, -1)), bytes.Count(raw, []byte("\x1b[2J")))
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}
