package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/report"
	"github.com/ivsdash/ivsdash/service/sanitize"
)

// hostileUser is a user id a participant could choose: a formula, a table
// pipe, a colour escape and a bidi override.
const hostileUser = "=cmd|\x1b[31mred\u202Eevil"

// session drives one stage session through the emulator's control methods,
// as client SDKs would, and returns the stage ARN and the session id.
func session(t *testing.T, e *emulator.Emulator, c *service.Client) (string, string, map[string]string) {
	t.Helper()
	ctx := context.Background()
	st, _, err := c.CreateStage(ctx, service.CreateStageRequest{Name: "incident"})
	if err != nil {
		t.Fatalf("CreateStage: %v", err)
	}
	join := func(user string, caps []string, ci emulator.ClientInfo) emulator.JoinResult {
		t.Helper()
		tok, err := c.CreateParticipantToken(ctx, service.TokenRequest{StageARN: st.ARN, UserID: user, Capabilities: caps})
		if err != nil {
			t.Fatalf("CreateParticipantToken: %v", err)
		}
		jr, err := e.JoinWith(tok.Token.Reveal(), ci)
		if err != nil {
			t.Fatalf("Join %q: %v", user, err)
		}
		return jr
	}
	alice := join("alice", nil, emulator.ClientInfo{BrowserName: "Firefox", BrowserVersion: "127"})
	bob := join("bob", []string{service.CapabilitySubscribe}, emulator.ClientInfo{})
	mallory := join(hostileUser, nil, emulator.ClientInfo{BrowserName: "evil\x1b]0;pwned\x07browser"})
	if alice.SessionID != bob.SessionID || bob.SessionID != mallory.SessionID {
		t.Fatalf("joins landed in different sessions: %v %v %v", alice, bob, mallory)
	}
	arn := st.ARN

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(e.Publish(arn, alice.ParticipantID))
	must(e.Subscribe(arn, bob.ParticipantID, alice.ParticipantID))
	// Refused actions record the error events IVS records.
	if e.Publish(arn, bob.ParticipantID) == nil {
		t.Fatal("bob published with a SUBSCRIBE-only token")
	}
	if e.Subscribe(arn, mallory.ParticipantID, bob.ParticipantID) == nil {
		t.Fatal("subscribed to a participant that does not publish")
	}
	must(e.RecordError(arn, mallory.ParticipantID, "PUBLISH_ERROR", "BITRATE_EXCEEDED"))
	must(e.Leave(arn, bob.ParticipantID))
	must(e.Leave(arn, mallory.ParticipantID))
	must(e.Leave(arn, alice.ParticipantID))
	users := map[string]string{alice.ParticipantID: "alice", bob.ParticipantID: "bob", mallory.ParticipantID: hostileUser}
	return arn, alice.SessionID, users
}

func TestCollectFromEmulator(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, err := emulator.Start(ctx, "127.0.0.1:0", emulator.Options{NoThrottle: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	c := service.NewForEndpoint(e.URL(), "us-east-1", budget.Config{Unlimited: true})
	stageARN, sessionID, users := session(t, e, c)

	var mu sync.Mutex
	var progress [][2]int
	r, err := report.Collect(ctx, c, stageARN, sessionID, func(done, total int) {
		mu.Lock()
		progress = append(progress, [2]int{done, total})
		mu.Unlock()
	})
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	if r.Partial || r.Note != "" {
		t.Errorf("partial %v note %q", r.Partial, r.Note)
	}
	if r.Stage.ARN != stageARN || r.Stage.Name != "incident" || r.Session.ID != sessionID || r.Session.Live() {
		t.Errorf("stage %+v session %+v (the session should have ended)", r.Stage, r.Session)
	}
	if len(progress) != 4 || progress[3] != [2]int{3, 3} {
		t.Errorf("progress = %v", progress)
	}

	if len(r.Participants) != 3 {
		t.Fatalf("%d participants, want 3", len(r.Participants))
	}
	for _, p := range r.Participants {
		if users[p.ID] != p.UserID {
			t.Errorf("participant %s has user id %q, want %q", p.ID, p.UserID, users[p.ID])
		}
		// Details come from GetParticipant: ListParticipants has no browser.
		if p.BrowserName == "" || p.OSName == "" {
			t.Errorf("participant %s has no details: %+v", p.UserID, p)
		}
		if p.UserID == "alice" && (!p.Published || p.BrowserName != "Firefox") {
			t.Errorf("alice = %+v", p)
		}
	}

	// Merged in time order, and each participant's own events in the order
	// the API lists them.
	if !slices.IsSortedFunc(r.Events, func(a, b service.Event) int { return a.Time.Compare(b.Time) }) {
		t.Error("events not in time order")
	}
	perUser := map[string][]string{}
	for _, ev := range r.Events {
		name := ev.Name
		if ev.ErrorCode != "" {
			name += ":" + ev.ErrorCode
		}
		perUser[users[ev.ParticipantID]] = append(perUser[users[ev.ParticipantID]], name)
	}
	want := map[string]string{
		"alice": "JOINED PUBLISH_STARTED PUBLISH_STOPPED LEFT",
		"bob":   "JOINED SUBSCRIBE_STARTED PUBLISH_ERROR:INSUFFICIENT_CAPABILITIES SUBSCRIBE_STOPPED LEFT",
	}
	for user, seq := range want {
		if got := strings.Join(perUser[user], " "); got != seq {
			t.Errorf("%s's events: %s\nwant %s", user, got, seq)
		}
	}
	mallory := strings.Join(perUser[hostileUser], " ")
	for _, ev := range []string{"SUBSCRIBE_ERROR:PUBLISHER_NOT_FOUND", "PUBLISH_ERROR:BITRATE_EXCEEDED"} {
		if !strings.Contains(mallory, ev) {
			t.Errorf("mallory's events lack %s: %s", ev, mallory)
		}
	}
	for id, u := range users {
		api, err := c.AllParticipantEvents(ctx, stageARN, sessionID, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(api) != len(perUser[u]) {
			t.Errorf("%s: %d events in the API, %d in the report", u, len(api), len(perUser[u]))
		}
	}

	// Every format writes and reads back.
	var js bytes.Buffer
	if err := report.Write(&js, r, "json"); err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		ErrorsByCode map[string]struct{ Count int } `json:"errorsByCode"`
		Events       []json.RawMessage              `json:"events"`
	}
	if err := json.Unmarshal(js.Bytes(), &parsed); err != nil {
		t.Fatal(err)
	}
	if len(parsed.Events) != len(r.Events) || parsed.ErrorsByCode["INSUFFICIENT_CAPABILITIES"].Count != 1 ||
		parsed.ErrorsByCode["PUBLISHER_NOT_FOUND"].Count != 1 || parsed.ErrorsByCode["BITRATE_EXCEEDED"].Count != 1 {
		t.Errorf("JSON: %d events, errorsByCode %v", len(parsed.Events), parsed.ErrorsByCode)
	}

	var cs bytes.Buffer
	if err := report.Write(&cs, r, "csv"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(r.Events)+1 {
		t.Errorf("CSV has %d rows for %d events", len(rows), len(r.Events))
	}
	for _, row := range rows[1:] {
		if strings.HasPrefix(row[0], "=") || strings.ContainsAny(row[0], "\x1b\u202E") {
			t.Errorf("CSV user id cell %q is not neutralised", row[0])
		}
	}

	var md bytes.Buffer
	if err := report.Write(&md, r, "md"); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	if strings.ContainsAny(out, "\x1b\x07\u202E") {
		t.Error("Markdown keeps escape or bidi characters")
	}
	if !strings.Contains(out, "| "+strings.ReplaceAll(sanitize.Text(hostileUser), "|", `\|`)+" |") {
		t.Errorf("hostile user id not shown sanitised and escaped:\n%s", out)
	}
	if !strings.Contains(out, sanitize.Text("evil\x1b]0;pwned\x07browser")) {
		t.Errorf("hostile browser name not shown sanitised:\n%s", out)
	}
}

func TestCollectUnknownSessionFromEmulator(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, err := emulator.Start(ctx, "127.0.0.1:0", emulator.Options{NoThrottle: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	c := service.NewForEndpoint(e.URL(), "us-east-1", budget.Config{Unlimited: true})
	st, _, err := c.CreateStage(ctx, service.CreateStageRequest{Name: "empty"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = report.Collect(ctx, c, st.ARN, "st-AAAAAAAAAAAAA", nil)
	if err == nil || !strings.Contains(err.Error(), "export: reading session st-AAAAAAAAAAAAA") {
		t.Fatalf("err = %v", err)
	}
}
