package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/ivsdash/ivsdash/model"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/ui"
)

// ivsdash serve: the dashboard over SSH for a team. Every session gets its
// own dashboard (navigation, filters, dialogs, terminal size) over one
// shared client, whose reads are shared (service.Client.ShareReads): ten
// engineers on the same pane cost the API what one costs, within the
// server's budget.

// serveFlags are serve's options.
type serveFlags struct {
	conn                 connectionFlags
	signer               signerFlags
	listen               string
	hostKey, authorized  string
	audit                string
	exportDir            string
	maxSessions          int
	idleTimeout          time.Duration
	interval             time.Duration
	errorWindow          time.Duration
	start                string
	demo                 bool
	seed                 int64
	participants, stages int
}

const serveHelp = `ivsdash serve: the dashboard over SSH, one shared poller for every viewer

Usage:
  ivsdash serve --demo --listen 127.0.0.1:2222 --host-key FILE --authorized-keys FILE
  ivsdash serve --profile prod --listen :2222 --host-key FILE --authorized-keys FILE --audit FILE

Viewers connect with ssh -p PORT HOST. Public-key authentication only; a
key's role is an option on its line of --authorized-keys:
  ivsdash-role=operator ssh-ed25519 AAAA... alice@laptop   (may mint, create, stop, delete)
  ssh-ed25519 AAAA... bob@laptop                           (readonly: the --read-only dashboard)

Flags:
`

func parseServeFlags(args []string, stderr io.Writer) (serveFlags, error) {
	var f serveFlags
	fs := flag.NewFlagSet("ivsdash serve", flag.ContinueOnError)
	f.conn.register(fs)
	f.signer.register(fs)
	fs.StringVar(&f.listen, "listen", "127.0.0.1:2222", "`address` to accept SSH connections on")
	fs.StringVar(&f.hostKey, "host-key", "", "the server's private host key (`file`); generated (Ed25519, mode 0600) when it does not exist")
	fs.StringVar(&f.authorized, "authorized-keys", "", "OpenSSH authorized_keys `file` of the keys let in; option ivsdash-role=operator or readonly (the default) on a key's line")
	fs.StringVar(&f.audit, "audit", "", "append every mutating action, with the key that made it, to this `file` (JSON lines, 0600)")
	fs.StringVar(&f.exportDir, "export-dir", "", "`directory` on the server where exports and tokens written with w go (default: the current one)")
	fs.IntVar(&f.maxSessions, "max-sessions", 20, "most SSH sessions at once")
	durationVar(fs, &f.idleTimeout, "idle-timeout", 30*time.Minute, time.Second, 24*time.Hour, "end a session after this long without a key press")
	durationVar(fs, &f.interval, "interval", 5*time.Second, minInterval, maxInterval, "polling interval, shared by every viewer")
	durationVar(fs, &f.errorWindow, "error-window", 15*time.Minute, time.Minute, 24*time.Hour, "how far back error counts go (stages ERRORS column, triage)")
	fs.StringVar(&f.start, "start", "stages", "first `pane` of every session: "+strings.Join(model.StartPanes(), ", "))
	fs.BoolVar(&f.demo, "demo", false, "serve the embedded emulator with simulated live traffic (no AWS account needed)")
	fs.Int64Var(&f.seed, "seed", 1, "--demo: seed of the simulated traffic")
	fs.IntVar(&f.participants, "participants", 0, "--demo: put this many participants in the busiest live session (up to 50000)")
	fs.IntVar(&f.stages, "stages", 0, "--demo: make the account hold this many stages (up to 1000, the quota)")
	if err := parseFlags(fs, args, stderr, func(w io.Writer) { fmt.Fprint(w, serveHelp) }); err != nil {
		return f, err
	}
	switch {
	case f.hostKey == "":
		return f, usageError{"--host-key is required (a file; generated when it does not exist)"}
	case f.authorized == "":
		return f, usageError{"--authorized-keys is required (who may connect)"}
	case f.maxSessions < 1:
		return f, usageError{fmt.Sprintf("--max-sessions %d: give 1 or more", f.maxSessions)}
	case !slices.Contains(model.StartPanes(), f.start):
		return f, usageError{fmt.Sprintf("--start %q: choose %s", f.start, orList(model.StartPanes()))}
	case f.demo && f.conn.endpoint != "":
		return f, usageError{"--demo and --endpoint-url both choose where calls go: pick one"}
	case !f.demo && (f.participants != 0 || f.stages != 0):
		return f, usageError{"--participants and --stages shape the embedded emulator: add --demo"}
	}
	return f, nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const cmd = "ivsdash serve"
	f, err := parseServeFlags(args, stderr)
	if err != nil {
		return badUsage(stderr, cmd, err)
	}
	rep := reporter{cmd: cmd, stderr: stderr}
	keys, err := loadAuthorizedKeys(f.authorized)
	if err != nil {
		return rep.fail(fmt.Errorf("--authorized-keys: %w", err))
	}
	hostKey, created, err := loadOrCreateHostKey(f.hostKey)
	if err != nil {
		return rep.fail(fmt.Errorf("--host-key: %w", err))
	}
	signer, err := f.signer.load()
	if err != nil {
		return rep.fail(err)
	}
	exportDir, err := filepath.Abs(orDefault(f.exportDir, "."))
	if err != nil {
		return rep.fail(err)
	}
	host, err := os.Hostname()
	if err != nil {
		host = "host"
	}
	logger, closeLog, err := f.conn.openLog()
	if err != nil {
		return rep.fail(err)
	}
	defer closeLog()
	rep.logger = logger
	audit, closeAudit, err := openAuditLog(f.audit)
	if err != nil {
		return rep.fail(fmt.Errorf("--audit: %w", err))
	}
	defer closeAudit()

	var demo *emulator.Options
	if f.demo {
		demo = &emulator.Options{Seed: f.seed, Participants: f.participants, Stages: f.stages}
	}
	be, err := f.conn.openBackend(ctx, &rep, logger, demo)
	if err != nil {
		return rep.fail(err)
	}
	defer be.close()
	client, mode, endpoint := be.client, be.mode, be.endpoint

	srv, err := newDashServer(dashServerConfig{
		Client: client, HostKey: hostKey, AuthorizedKeys: f.authorized, Audit: audit,
		MaxSessions: f.maxSessions, IdleTimeout: f.idleTimeout,
		Dashboard: model.Config{Interval: f.interval, Mode: mode, Endpoint: endpoint, Start: f.start,
			ErrorWindow: f.errorWindow, Signer: signer, ExportDir: exportDir, FilesHost: "server " + host},
		Log: slog.New(slog.NewTextHandler(stderr, nil)),
	})
	if err != nil {
		return rep.fail(err)
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return rep.fail(fmt.Errorf("--listen: %w", err))
	}
	fp := gossh.FingerprintSHA256(hostKey.PublicKey())
	if created {
		fmt.Fprintf(stdout, "generated a host key in %s (mode 0600)\n", f.hostKey)
	}
	if f.demo {
		fmt.Fprintf(stdout, "demo: the embedded emulator at %s (its call counters: GET %s/_emulator/operations)\n", endpoint, endpoint)
	}
	fmt.Fprintf(stdout, "host key: %s %s (%s)\n", fp, hostKey.PublicKey().Type(), f.hostKey)
	fmt.Fprintf(stdout, "%s (%s); polling every %s, shared by every viewer\n",
		ui.Counted(len(keys), "authorized key"), ui.Counted(countRole(keys, roleOperator), "operator"), shortDuration(f.interval))
	lhost, port, _ := net.SplitHostPort(ln.Addr().String())
	fmt.Fprintf(stdout, "ready: ssh -p %s %s\n", port, lhost)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		return rep.fail(err)
	}
	return 0
}

func countRole(keys authorizedKeys, r role) int {
	n := 0
	for _, k := range keys {
		if k.role == r {
			n++
		}
	}
	return n
}

// openAuditLog opens --audit for appending as JSON lines, private (0600)
// like the debug log; without it the logger is nil.
func openAuditLog(path string) (*slog.Logger, func(), error) {
	if path == "" {
		return nil, func() {}, nil
	}
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, err
	}
	if fi, err := fh.Stat(); err != nil || fi.Mode().Perm()&0o077 != 0 {
		if err == nil {
			err = fh.Chmod(0o600)
		}
		if err != nil {
			fh.Close()
			return nil, nil, fmt.Errorf("%s: making it private (0600): %w", path, err)
		}
	}
	return slog.New(slog.NewJSONHandler(fh, nil)), func() { _ = fh.Close() }, nil
}

// dashServerConfig is what a dashServer needs.
type dashServerConfig struct {
	Client         *service.Client // shared by every session
	HostKey        gossh.Signer
	AuthorizedKeys string       // path, read again at every login
	Audit          *slog.Logger // nil: no audit
	MaxSessions    int
	IdleTimeout    time.Duration
	// Dashboard is every session's dashboard (Client, ReadOnly, Context,
	// Logger and Viewers are set per session).
	Dashboard model.Config
	Log       *slog.Logger // the server's own messages
}

// dashServer is the SSH server: public keys only, a dashboard per session,
// no shell, no commands, no port forwarding (charm.land/ssh refuses
// forwarding unless given callbacks, and no subsystem is registered).
type dashServer struct {
	*ssh.Server
	cfg      dashServerConfig
	sessions atomic.Int64
}

func newDashServer(cfg dashServerConfig) (*dashServer, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	d := &dashServer{cfg: cfg}
	cfg.Client.ShareReads(cfg.Dashboard.Interval)
	cfg.Client.OnMutation(d.auditCall)
	srv, err := wish.NewServer(
		func(s *ssh.Server) error { s.AddHostKey(cfg.HostKey); return nil },
		wish.WithPublicKeyAuth(d.authorize),
		wish.WithMiddleware(bm.MiddlewareWithProgramHandler(d.program), d.admit),
	)
	if err != nil {
		return nil, err
	}
	d.Server = srv
	return d, nil
}

// viewer is who a session is: the key's line and the SSH user name.
type viewer struct {
	viewerKey
	user string
}

type viewerCtxKey struct{}

// authorize lets in a key of --authorized-keys, read again each time so a
// removed line locks its key out of the next login.
func (d *dashServer) authorize(_ ssh.Context, key ssh.PublicKey) bool {
	_, ok := d.lookup(key)
	return ok
}

func (d *dashServer) lookup(key ssh.PublicKey) (viewerKey, bool) {
	if key == nil {
		return viewerKey{}, false
	}
	keys, err := loadAuthorizedKeys(d.cfg.AuthorizedKeys)
	if err != nil {
		d.cfg.Log.Warn("refusing logins: the authorized keys do not load", "error", err)
		return viewerKey{}, false
	}
	k, ok := keys[string(key.Marshal())]
	return k, ok
}

// Viewers is how many sessions are open.
func (d *dashServer) Viewers() int { return int(d.sessions.Load()) }

// admit refuses what is not a dashboard (a command, no terminal) and a
// session over --max-sessions, and counts the others while they last.
func (d *dashServer) admit(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		if len(s.Command()) > 0 || s.Subsystem() != "" {
			wish.Fatalln(s, "ivsdash serves the dashboard only: connect without a command")
			return
		}
		if _, _, ok := s.Pty(); !ok {
			wish.Fatalln(s, "ivsdash needs a terminal: connect with ssh -t")
			return
		}
		if n := d.sessions.Add(1); n > int64(d.cfg.MaxSessions) {
			d.sessions.Add(-1)
			wish.Fatalf(s, "ivsdash: %d sessions already, the most this server takes (--max-sessions); try again later\n", d.cfg.MaxSessions)
			return
		}
		d.shareWalks()
		defer d.shareWalks()
		defer d.sessions.Add(-1)
		next(s)
	}
}

// walkFreshness is how long the pages after the first of a list stay
// fresh while several viewers share the client: about the time a walk of
// 10,000 participants takes at the default budget (101 pages at a call a
// second), so a viewer starting behind another catches up with it.
const walkFreshness = 2 * time.Minute

// shareWalks keeps later pages for walkFreshness while more than one viewer
// is connected; one viewer alone gets every page fresh, as at a terminal.
func (d *dashServer) shareWalks() {
	if d.sessions.Load() > 1 {
		d.cfg.Client.ShareWalks(walkFreshness)
	} else {
		d.cfg.Client.ShareWalks(0)
	}
}

// program builds a session's dashboard: its own App on the shared client,
// readonly unless the key is an operator's, its actions in the audit log
// under the key, ending after --idle-timeout without a key press.
func (d *dashServer) program(s ssh.Session) *tea.Program {
	k, ok := d.lookup(s.PublicKey())
	if !ok {
		wish.Fatalln(s, "ivsdash: this key is no longer authorized")
		return nil
	}
	v := &viewer{viewerKey: k, user: s.User()}
	ctx := context.WithValue(s.Context(), viewerCtxKey{}, v)
	cfg := d.cfg.Dashboard
	cfg.Client = d.cfg.Client
	cfg.ReadOnly = v.role != roleOperator
	cfg.Context = ctx
	cfg.Viewers = d.Viewers
	if cfg.ReadOnly {
		cfg.Signer = nil
	}
	if d.cfg.Audit != nil {
		cfg.Logger = d.cfg.Audit.With(v.attrs()...)
		cfg.Logger.Info("session opened", "remote", s.RemoteAddr().String())
	}
	d.cfg.Log.Info("session opened", "key", v.fingerprint, "comment", v.comment, "role", string(v.role), "remote", s.RemoteAddr().String())
	in := &inputClock{r: s}
	in.touch()
	// 120 frames a second, Bubble Tea's most: a key press's frame leaves
	// within 8 ms instead of 17, which the network's latency then adds to.
	p := tea.NewProgram(model.New(cfg), append(bm.MakeOptions(s), tea.WithInput(in), tea.WithFPS(120))...)
	go d.watchIdle(ctx, p, in, v, cfg.Logger)
	return p
}

func (v *viewer) attrs() []any {
	return []any{"key", v.fingerprint, "comment", v.comment, "role", string(v.role), "user", v.user}
}

// watchIdle ends the session after --idle-timeout without input (the
// dashboard redraws every second, so the connection itself never idles).
func (d *dashServer) watchIdle(ctx context.Context, p *tea.Program, in *inputClock, v *viewer, audit *slog.Logger) {
	timeout := d.cfg.IdleTimeout
	if timeout <= 0 {
		timeout = 30 * time.Minute
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			d.cfg.Log.Info("session closed", "key", v.fingerprint, "comment", v.comment)
			if audit != nil {
				audit.Info("session closed")
			}
			return
		case <-t.C:
			idle := in.idle()
			if idle >= timeout {
				d.cfg.Log.Info("session timed out", "key", v.fingerprint, "comment", v.comment, "idle", idle.Round(time.Second).String())
				p.Quit()
				t.Reset(timeout) // ctx ends once the program has
				continue
			}
			t.Reset(timeout - idle)
		}
	}
}

// inputClock is a session's input, noting when the viewer last typed.
type inputClock struct {
	r    io.Reader
	mu   sync.Mutex
	last time.Time
}

func (c *inputClock) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.touch()
	}
	return n, err
}

func (c *inputClock) touch() {
	c.mu.Lock()
	c.last = time.Now()
	c.mu.Unlock()
}

func (c *inputClock) idle() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Since(c.last)
}

// auditCall records a mutating API call in the audit log with the key that
// made it: the operation, its request (inputs never hold a token or a
// stream key; only answers do, and they are not logged) and the outcome.
func (d *dashServer) auditCall(ctx context.Context, op string, input any, err error) {
	if d.cfg.Audit == nil {
		return
	}
	var attrs []any
	if v, ok := ctx.Value(viewerCtxKey{}).(*viewer); ok {
		attrs = v.attrs()
	}
	attrs = append(attrs, "op", op, "request", input)
	if err != nil {
		se := service.Classify(err)
		attrs = append(attrs, "outcome", "failed", "error", se.Human())
		d.cfg.Audit.Warn("api call", attrs...)
		return
	}
	d.cfg.Audit.Info("api call", append(attrs, "outcome", "ok")...)
}
