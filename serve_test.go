package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/ivsdash/ivsdash/model"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
)

// End to end: ivsdash serve on loopback, viewers connecting with
// golang.org/x/crypto/ssh, the emulator behind.

// serveRig is a running server, its emulator and the keys of its viewers.
type serveRig struct {
	emu                *emulator.Emulator
	client             *service.Client
	srv                *dashServer
	addr               string
	operator, readonly gossh.Signer
	auditPath          string
	dir                string // the export directory
}

type rigOpts struct {
	interval    time.Duration
	maxSessions int
	idleTimeout time.Duration
	emu         emulator.Options
	stages      []string       // created before the server starts
	budget      *budget.Config // nil: unlimited
}

func newClientKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func authorizedLine(s gossh.Signer, options, comment string) string {
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
	if options != "" {
		line = options + " " + line
	}
	return line + " " + comment + "\n"
}

func startServe(t testing.TB, o rigOpts) *serveRig {
	t.Helper()
	if o.interval == 0 {
		o.interval = time.Second
	}
	if o.maxSessions == 0 {
		o.maxSessions = 20
	}
	o.emu.NoThrottle = true
	ctx, cancel := context.WithCancel(context.Background())
	emu, err := emulator.Start(ctx, "127.0.0.1:0", o.emu)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	b := budget.Config{Unlimited: true}
	if o.budget != nil {
		b = *o.budget
	}
	client := service.NewForEndpoint(emu.URL(), "", b)
	for _, name := range o.stages {
		if _, _, err := client.CreateStage(ctx, service.CreateStageRequest{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	r := &serveRig{dir: dir, emu: emu, client: client, operator: newClientKey(t), readonly: newClientKey(t), auditPath: filepath.Join(dir, "audit.jsonl")}
	keysPath := filepath.Join(dir, "authorized_keys")
	keys := "# the team\n" + authorizedLine(r.operator, `ivsdash-role="operator"`, "alice@oncall") + authorizedLine(r.readonly, "", "bob@laptop")
	if err := os.WriteFile(keysPath, []byte(keys), 0o600); err != nil {
		t.Fatal(err)
	}
	hostKey, _, err := loadOrCreateHostKey(filepath.Join(dir, "host_key"))
	if err != nil {
		t.Fatal(err)
	}
	audit, closeAudit, err := openAuditLog(r.auditPath)
	if err != nil {
		t.Fatal(err)
	}
	r.srv, err = newDashServer(dashServerConfig{
		Client: client, HostKey: hostKey, AuthorizedKeys: keysPath, Audit: audit,
		MaxSessions: o.maxSessions, IdleTimeout: o.idleTimeout,
		Dashboard: model.Config{Interval: o.interval, Mode: "demo", Endpoint: emu.URL(), ExportDir: dir, FilesHost: "server test-host"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	served := make(chan struct{})
	go func() { _ = r.srv.Serve(ln); close(served) }()
	t.Cleanup(func() {
		_ = r.srv.Close()
		<-served
		cancel()
		_ = emu.Close()
		closeAudit()
	})
	return r
}

func (r *serveRig) dial(signer gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", r.addr, &gossh.ClientConfig{
		User:            "oncall",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), // loopback, a key made for the test
		Timeout:         10 * time.Second,
	})
}

// sshTerm is one viewer's terminal: what the server sent, on a virtual
// screen, and the raw bytes (for OSC52).
type sshTerm struct {
	t       testing.TB
	conn    *gossh.Client
	sess    *gossh.Session
	stdin   io.Writer
	mu      sync.Mutex
	emu     *vt.Emulator
	raw     bytes.Buffer
	done    chan struct{}
	waitErr error
	frames  chan struct{} // when set, told of every write from the server
}

func (st *sshTerm) Write(p []byte) (int, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.frames != nil { // before this terminal draws it: the server's part is measured
		select {
		case st.frames <- struct{}{}:
		default:
		}
	}
	st.raw.Write(p)
	_, _ = st.emu.Write(p)
	return len(p), nil
}

func (st *sshTerm) screen() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.emu.String()
}

func (st *sshTerm) rawOutput() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.raw.String()
}

// openTerm connects with signer and opens the dashboard at w×h.
func (r *serveRig) openTerm(t testing.TB, signer gossh.Signer, w, h int) *sshTerm {
	t.Helper()
	conn, err := r.dial(signer)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	st := &sshTerm{t: t, conn: conn, sess: sess, emu: vt.NewEmulator(w, h), done: make(chan struct{})}
	// Drain the terminal's answers to queries until the session ends (the
	// emulator's Close is not safe beside a Read: a last answer unblocks it).
	var stop atomic.Bool
	go func() {
		buf := make([]byte, 256)
		for !stop.Load() {
			if _, err := st.emu.Read(buf); err != nil {
				return
			}
		}
	}()
	st.stdin, err = sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	sess.Stdout = st
	sess.Stderr = st
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() {
		st.waitErr = sess.Wait()
		stop.Store(true)
		_, _ = io.WriteString(st.emu.InputPipe(), "\x00")
		close(st.done)
	}()
	return st
}

func (st *sshTerm) waitFor(texts ...string) {
	st.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := st.screen()
		missing := ""
		for _, x := range texts {
			if !strings.Contains(s, x) {
				missing = x
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			st.t.Fatalf("%q never showed; the screen:\n%s", missing, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (st *sshTerm) send(keys ...string) {
	st.t.Helper()
	for _, k := range keys {
		st.press(k)
		time.Sleep(30 * time.Millisecond) // one key at a time, as typed
	}
}

func (st *sshTerm) press(k string) {
	st.t.Helper()
	if _, err := io.WriteString(st.stdin, k); err != nil {
		st.t.Fatal(err)
	}
}

func (st *sshTerm) ended(within time.Duration) bool {
	select {
	case <-st.done:
		return true
	case <-time.After(within):
		return false
	}
}

func TestServeAuthorizedKeySeesTheStages(t *testing.T) {
	r := startServe(t, rigOpts{stages: []string{"team-stage"}})
	st := r.openTerm(t, r.readonly, 120, 30)
	st.waitFor("team-stage", "READ-ONLY", "shared by 1 viewer")
}

func TestServeUnknownKeyIsRefused(t *testing.T) {
	r := startServe(t, rigOpts{})
	conn, err := r.dial(newClientKey(t))
	if err == nil {
		conn.Close()
		t.Fatal("a key not in the authorized keys connected")
	}
	if !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("refused with %v", err)
	}
	// No password either.
	conn, err = gossh.Dial("tcp", r.addr, &gossh.ClientConfig{User: "oncall", Auth: []gossh.AuthMethod{gossh.Password("hunter2")},
		HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err == nil {
		conn.Close()
		t.Fatal("a password connected")
	}
}

func TestServeReadOnlyKeyCannotMint(t *testing.T) {
	r := startServe(t, rigOpts{stages: []string{"team-stage"}})
	st := r.openTerm(t, r.readonly, 120, 30)
	st.waitFor("team-stage", "READ-ONLY")
	st.send("t")
	time.Sleep(500 * time.Millisecond)
	if strings.Contains(st.screen(), "Mint a participant token") {
		t.Fatalf("a readonly session opened the token form:\n%s", st.screen())
	}
	if m := r.emu.Mutations(); len(m) != 1 || m["CreateStage"] != 1 {
		t.Fatalf("mutations %v, want only the test's CreateStage", m)
	}
}

func TestServeOperatorMintsAndTheAuditNamesItsKey(t *testing.T) {
	r := startServe(t, rigOpts{stages: []string{"team-stage"}})
	st := r.openTerm(t, r.operator, 120, 30)
	st.waitFor("team-stage")
	if strings.Contains(st.screen(), "READ-ONLY") {
		t.Fatal("an operator's session is read-only")
	}
	st.send("t")
	st.waitFor("Mint a participant token")
	st.send("c", "a", "r", "o", "l", "\r")
	st.waitFor("Minted", "by CreateParticipantToken", "carol")
	if n := r.emu.Mutations()["CreateParticipantToken"]; n != 1 {
		t.Fatalf("CreateParticipantToken called %d times, want 1", n)
	}

	// y copies the token to the viewer's clipboard: OSC52 over SSH.
	st.send("y")
	st.waitFor("copied")
	// The sequence is its own write, which may come after the frame that
	// says "copied".
	osc52 := regexp.MustCompile(`\x1b\]52;c;([A-Za-z0-9+/=]+)`)
	var m []string
	for deadline := time.Now().Add(10 * time.Second); m == nil && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		m = osc52.FindStringSubmatch(st.rawOutput())
	}
	if m == nil {
		t.Fatal("no OSC52 sequence reached the SSH client")
	}
	token, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil || !strings.HasPrefix(string(token), "eyJ") {
		t.Fatalf("OSC52 carried %q (%v), not a token", token, err)
	}

	// w writes on the server, under --export-dir, and says so.
	st.send("w")
	st.waitFor("Write the token to a file")
	st.send("\x15", "c", ".", "j", "w", "t", "\r") // ctrl+u clears the suggested name
	st.waitFor("on server test-host")
	if fi, err := os.Stat(filepath.Join(r.dir, "c.jwt")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the token file in the export directory: %v, %v", fi, err)
	}

	audit := waitForAudit(t, r.auditPath, "CreateParticipantToken")
	if strings.Contains(audit, string(token)) {
		t.Fatal("the audit log holds the token")
	}
	var line map[string]any
	for _, l := range strings.Split(audit, "\n") {
		if strings.Contains(l, `"op":"CreateParticipantToken"`) {
			if err := json.Unmarshal([]byte(l), &line); err != nil {
				t.Fatal(err)
			}
		}
	}
	if line["key"] != gossh.FingerprintSHA256(r.operator.PublicKey()) || line["comment"] != "alice@oncall" || line["role"] != "operator" || line["outcome"] != "ok" {
		t.Fatalf("the audit line does not name the operator's key and the outcome: %v", line)
	}
	if req, _ := line["request"].(map[string]any); req == nil || req["UserId"] != "carol" {
		t.Fatalf("the audit line does not say what was asked: %v", line)
	}
	fi, err := os.Stat(r.auditPath)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("audit file mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
}

func waitForAudit(t *testing.T, path, want string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		data, _ := os.ReadFile(path)
		if strings.Contains(string(data), want) || time.Now().After(deadline) {
			if !strings.Contains(string(data), want) {
				t.Fatalf("the audit log never said %q:\n%s", want, data)
			}
			return string(data)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Two sessions on the same pane cost the API one session's calls: one
// ListStages per polling period whoever asks.
func TestServeTwoSessionsShareOnePoll(t *testing.T) {
	const interval = time.Second
	r := startServe(t, rigOpts{interval: interval, stages: []string{"team-stage"}})
	a := r.openTerm(t, r.readonly, 120, 30)
	a.waitFor("team-stage")
	b := r.openTerm(t, r.operator, 120, 30)
	b.waitFor("team-stage")
	a.waitFor("2 viewers")

	before := r.emu.Operations()["ListStages"]
	const periods = 4
	time.Sleep(periods * interval)
	calls := r.emu.Operations()["ListStages"] - before
	// Each polls every period; shared, the two cost one call a period (a
	// period boundary may fall inside the window: one more).
	if calls > periods+1 {
		t.Fatalf("two sessions made %d ListStages calls in %d polling periods, want at most %d", calls, periods, periods+1)
	}
	if calls < periods-1 {
		t.Fatalf("only %d ListStages calls in %d periods: the sessions stopped polling", calls, periods)
	}
}

func TestServeLimitsAndCommands(t *testing.T) {
	r := startServe(t, rigOpts{maxSessions: 1, stages: []string{"team-stage"}})
	a := r.openTerm(t, r.readonly, 100, 24)
	a.waitFor("team-stage")
	b := r.openTerm(t, r.readonly, 100, 24)
	if !b.ended(20 * time.Second) {
		t.Fatalf("a session over --max-sessions stayed open (%d sessions counted); it got %q", r.srv.Viewers(), b.rawOutput())
	}
	if !strings.Contains(b.rawOutput(), "max-sessions") {
		t.Fatalf("the refused session was not told why: %q", b.rawOutput())
	}

	// A command is not a shell.
	conn, err := r.dial(r.operator)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.CombinedOutput("cat /etc/passwd")
	if err == nil || !strings.Contains(string(out), "dashboard only") {
		t.Fatalf("a command ran: %q, %v", out, err)
	}
	// No port forwarding.
	if _, err := conn.Dial("tcp", r.emu.URL()[len("http://"):]); err == nil {
		t.Fatal("a port was forwarded")
	}
}

func TestServeIdleSessionTimesOut(t *testing.T) {
	r := startServe(t, rigOpts{idleTimeout: time.Second, stages: []string{"team-stage"}})
	st := r.openTerm(t, r.readonly, 100, 24)
	st.waitFor("team-stage")
	if !st.ended(10 * time.Second) {
		t.Fatal("an idle session stayed open past --idle-timeout")
	}
}

// A session that drops frees everything: its program, its polling, its
// idle watch. Counted in goroutines against the server with no session.
func TestServeDroppedSessionsFreeTheirGoroutines(t *testing.T) {
	r := startServe(t, rigOpts{stages: []string{"team-stage"}})
	// One session first, so the shared client's connections exist.
	first := r.openTerm(t, r.readonly, 100, 24)
	first.waitFor("team-stage")
	_ = first.conn.Close()
	baseline := settledGoroutines(t, r, -1)

	var terms []*sshTerm
	for range 5 {
		st := r.openTerm(t, r.readonly, 100, 24)
		st.waitFor("team-stage")
		terms = append(terms, st)
	}
	if n := runtime.NumGoroutine(); n <= baseline {
		t.Fatalf("%d goroutines with 5 sessions, %d with none: the count sees nothing", n, baseline)
	}
	for _, st := range terms {
		_ = st.conn.Close() // dropped, not quit
	}
	if n := settledGoroutines(t, r, baseline); n > baseline {
		t.Fatalf("%d goroutines after the sessions dropped, %d before", n, baseline)
	}
}

// settledGoroutines waits for no session and the goroutine count to reach
// want (-1: to stop changing) and returns it.
func settledGoroutines(t *testing.T, r *serveRig, want int) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	last, still := -1, 0
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		n := runtime.NumGoroutine()
		if r.srv.Viewers() == 0 && (want >= 0 && n <= want || want < 0 && n == last) {
			if still++; still >= 5 || want >= 0 {
				return n
			}
		} else {
			still = 0
		}
		last = n
	}
	return runtime.NumGoroutine()
}
