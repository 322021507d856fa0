// Package emulator is a local Amazon IVS Real-Time (the ivs-realtime API,
// 2020-07-14): an HTTP server that speaks the real REST-JSON wire protocol
// to AWS SDKs and the AWS CLI, with in-memory state, the service's
// validation, pagination, quotas and token formats, control endpoints that
// stand in for client SDKs (join, publish, subscribe, leave), an optional
// live traffic simulation that can be scaled to a large account, and fault
// injection (latency, errors, resets, corrupt answers, outages, expired or
// denied credentials) for testing clients.
package emulator

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ivsdash/ivsdash/service/emulator/bus"
	"github.com/ivsdash/ivsdash/service/emulator/faults"
	"github.com/ivsdash/ivsdash/service/emulator/queues"
)

// Options configure an Emulator. The zero value is a usable us-east-1
// emulator with AWS quotas on and no simulation.
type Options struct {
	Region     string       // default "us-east-1"
	Account    string       // default "123456789012" (must be 12 digits)
	NoThrottle bool         // turn off the per-operation AWS quotas
	Simulate   bool         // run the live traffic simulation
	Seed       int64        // makes ids, the simulation and the faults deterministic
	Logger     *slog.Logger // nil: discard. Tokens and stream keys are never logged.

	// Participants puts that many generated participants (0 to
	// MaxParticipants) in the busiest simulated session: up to 8 publishers
	// (the simulation's hosts make 12), the rest subscribers, some gone.
	// Stages makes the account hold that many stages (at most 1,000, the
	// quota), the simulation's own included. Both need Simulate.
	Participants int
	Stages       int

	// Faults injects latency and failures into AWS operations; see
	// FaultHelp for the grammar. SetFaults changes it at run time.
	Faults string

	CompositionStartDelay  time.Duration // STARTING -> ACTIVE; default 3s
	CompositionIdleTimeout time.Duration // stop after this long with no participants; default 1m
	CompositionStopDelay   time.Duration // STOPPING -> STOPPED; default 1s
	// CompositionRetention is how long a STOPPED composition stays visible
	// to GetComposition and ListCompositions before it is deleted (a 404);
	// default 30s.
	CompositionRetention time.Duration
	RecordingStartDelay  time.Duration // participant recording STARTING -> ACTIVE; default 2s
	// SimulationTick is the simulation's step; default 1s.
	SimulationTick time.Duration

	Now func() time.Time // clock; default time.Now

	// Bounds of the HTTP server (defaults in server.go); tests shorten them.
	readTimeout, writeTimeout, idleTimeout time.Duration
	maxConnections                         int
	// The idle memory release (memrelease.go); tests shorten and count it.
	memoryReleaseIdle time.Duration
	memoryRelease     func()
}

// Emulator is one emulated account in one region.
type Emulator struct {
	opts     Options
	b        *backend
	throttle *throttle
	log      *slog.Logger
	now      func() time.Time

	opsMu   sync.Mutex
	ops     map[string]int
	refused map[string]int

	seed   uint64 // Options.Seed, or a random one; seeds the fault rules
	faults atomic.Pointer[faults.Plan]
	cred   atomic.Int32  // index into credentialModes
	quit   chan struct{} // closed by Close: injected delays end
	// delayed counts calls inside an injected delay, so a test can close
	// the emulator while calls are known to be in one.
	delayed atomic.Int32

	queues *queues.Backend // SQS, for pushed events
	// memRelease returns freed heap to the OS once served calls stop; it
	// runs from the first Serve until Close.
	memRelease *idleRelease
	bus        *bus.Backend // the EventBridge default bus

	mu      sync.Mutex
	url     string
	servers map[*http.Server]bool
	closed  bool
	// releasing: the memory release runs (started by the first Serve).
	releasing bool
	stopSim   context.CancelFunc
	wg        sync.WaitGroup
}

var (
	regionPattern  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	accountPattern = regexp.MustCompile(`^[0-9]{12}$`)
)

// New makes an emulator; with Options.Simulate the simulation starts now.
func New(opts Options) (*Emulator, error) {
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.Account == "" {
		opts.Account = "123456789012"
	}
	if !regionPattern.MatchString(opts.Region) {
		return nil, fmt.Errorf("emulator: region %q does not look like an AWS region (e.g. us-east-1)", opts.Region)
	}
	if !accountPattern.MatchString(opts.Account) {
		return nil, fmt.Errorf("emulator: account %q must be 12 digits", opts.Account)
	}
	if err := checkScale(opts); err != nil {
		return nil, err
	}
	defaults := []struct {
		d   *time.Duration
		def time.Duration
	}{
		{&opts.CompositionStartDelay, 3 * time.Second},
		{&opts.CompositionIdleTimeout, time.Minute},
		{&opts.CompositionStopDelay, time.Second},
		{&opts.CompositionRetention, 30 * time.Second},
		{&opts.RecordingStartDelay, 2 * time.Second},
		{&opts.SimulationTick, time.Second},
	}
	for _, d := range defaults {
		if *d.d < 0 {
			return nil, fmt.Errorf("emulator: durations must not be negative")
		}
		if *d.d == 0 {
			*d.d = d.def
		}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s, err := newSigner()
	if err != nil {
		return nil, err
	}
	pageKey := make([]byte, 32)
	if _, err := rand.Read(pageKey); err != nil {
		return nil, fmt.Errorf("emulator: page token key: %w", err)
	}
	seed := uint64(opts.Seed)
	if opts.Seed == 0 {
		var b [8]byte
		_, _ = rand.Read(b[:])
		for i, c := range b {
			seed |= uint64(c) << (8 * i)
		}
	}
	now := opts.Now
	e := &Emulator{
		opts:     opts,
		throttle: newThrottle(opts.NoThrottle),
		log:      log,
		now:      func() time.Time { return now().UTC() },
		ops:      map[string]int{},
		refused:  map[string]int{},
		seed:     seed,
		quit:     make(chan struct{}),
		servers:  map[*http.Server]bool{},
	}
	e.memRelease = newIdleRelease(opts.memoryReleaseIdle, opts.memoryRelease)
	if err := e.SetFaults(opts.Faults); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	e.b = newBackend(opts.Region, opts.Account, e.now, seed, pageKey, s, timing{
		compositionStart:     opts.CompositionStartDelay,
		compositionStop:      opts.CompositionStopDelay,
		compositionIdle:      opts.CompositionIdleTimeout,
		compositionRetention: opts.CompositionRetention,
		recordingStart:       opts.RecordingStartDelay,
	})
	e.newPushed()
	if opts.Simulate {
		ctx, cancel := context.WithCancel(context.Background())
		e.stopSim = cancel
		sim, err := newSimulation(e, opts.Seed)
		if err != nil {
			cancel()
			return nil, err
		}
		e.wg.Add(1)
		go func() {
			defer e.wg.Done()
			sim.run(ctx, opts.SimulationTick)
		}()
	}
	return e, nil
}

// Handler returns the whole wire surface, /_emulator/* included.
func (e *Emulator) Handler() http.Handler { return e }

// Serve serves on l until ctx is done, l fails, or Close is called, within
// the bounds server.go sets (timeouts, at most 256 connections at once).
func (e *Emulator) Serve(ctx context.Context, l net.Listener) error {
	srv := e.newServer()
	l = newCappedListener(l, orDefault(e.opts.maxConnections, defaultMaxConnections))
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		_ = l.Close()
		return http.ErrServerClosed
	}
	e.servers[srv] = true
	if !e.releasing {
		e.releasing = true
		e.wg.Add(1)
		go func() {
			defer e.wg.Done()
			e.memRelease.run(e.quit)
		}()
	}
	e.mu.Unlock()
	stop := context.AfterFunc(ctx, func() { _ = shutdown(srv) })
	defer stop()
	err := srv.Serve(l)
	e.mu.Lock()
	delete(e.servers, srv)
	e.mu.Unlock()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Start listens on addr (e.g. "127.0.0.1:0") and serves in the background
// until ctx is done or Close is called.
func Start(ctx context.Context, addr string, opts Options) (*Emulator, error) {
	e, err := New(opts)
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		_ = e.Close()
		return nil, fmt.Errorf("emulator: listen on %s: %w", addr, err)
	}
	e.mu.Lock()
	e.url = "http://" + l.Addr().String()
	e.mu.Unlock()
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		if err := e.Serve(ctx, l); err != nil {
			e.log.Error("emulator stopped serving", "error", err)
		}
	}()
	e.log.Info("IVS Real-Time emulator listening", "url", e.URL(), "region", e.opts.Region, "account", e.opts.Account)
	return e, nil
}

// URL is the endpoint after Start, e.g. "http://127.0.0.1:4566"; use it as
// the SDK's BaseEndpoint or the AWS CLI's --endpoint-url.
func (e *Emulator) URL() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.url
}

// Region and Account are the ones ARNs name.
func (e *Emulator) Region() string  { return e.opts.Region }
func (e *Emulator) Account() string { return e.opts.Account }

// ReadyLine is a line for a program to print once the emulator serves.
func (e *Emulator) ReadyLine() string {
	return fmt.Sprintf("IVS Real-Time emulator ready at %s (region %s, account %s); use --endpoint-url %s", e.URL(), e.opts.Region, e.opts.Account, e.URL())
}

// Close stops every server it runs and the simulation. It is idempotent.
func (e *Emulator) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	close(e.quit)
	servers := make([]*http.Server, 0, len(e.servers))
	for s := range e.servers {
		servers = append(servers, s)
	}
	stopSim := e.stopSim
	e.mu.Unlock()
	if stopSim != nil {
		stopSim()
	}
	var errs []error
	for _, s := range servers {
		if err := shutdown(s); err != nil {
			errs = append(errs, err)
		}
	}
	e.wg.Wait()
	return errors.Join(errs...)
}

// shutdownGrace is how long calls in flight get to finish on Close; the
// emulator answers in microseconds, and injected delays end at once.
const shutdownGrace = 2 * time.Second

// shutdown stops a server gracefully, then closes what is left. A client's
// transport may hold a spare connection it dialed and never sent a request
// on; http.Server.Shutdown waits up to 5s for such a connection (Go issue
// 22682), which made Close fail now and then under load.
func shutdown(srv *http.Server) error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return srv.Close()
	}
	return nil
}
