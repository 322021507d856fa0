package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/model"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/metrics"
)

// The polling interval's range: more often than a second spends the API
// budget production shares; less often than every 10 minutes is no
// dashboard (p pauses polling).
const (
	minInterval = time.Second
	maxInterval = 10 * time.Minute
)

// dashboardFlags are the dashboard's options.
type dashboardFlags struct {
	conn                 connectionFlags
	signer               signerFlags
	demo, readOnly       bool
	noMetrics            bool
	interval             time.Duration
	seed                 int64
	participants, stages int
	faults               string
	eventsQueue          string // --events-queue: the SQS queue of pushed events
	start                string
	errorWindow          time.Duration
	bell                 bool
	noMouse              bool
	version              bool
	favorites            []string // the configuration file's
	theme                string   // the configuration file's
	readOnlyFor          func(profile string) bool
	eventsQueueFor       func(profile string) string
}

// eventsQueueFor is the events queue of a profile switched to (:ctx): the
// --events-queue given, for the profile the dashboard started with (a
// queue holds one account's events); else the file's for that profile (or
// its top level); else none.
func eventsQueueFor(given bool, flagValue, started string, file configFile, profile string) string {
	profile = orDefault(profile, "default")
	if given && profile == started {
		return flagValue
	}
	if q := file.For(profile).EventsQueue; q != nil {
		return *q
	}
	return ""
}

// readOnlyFor is whether the dashboard is read-only once switched to
// profile (:ctx): --read-only when given, else the file's setting for that
// profile (or its top level), else off, the flag's default.
func readOnlyFor(given bool, file configFile, flagValue bool, profile string) bool {
	if given {
		return flagValue
	}
	s := file.For(orDefault(profile, "default"))
	return s.ReadOnly != nil && *s.ReadOnly
}

// startingProfile is the AWS profile the dashboard starts with: --profile,
// else AWS_PROFILE, else "default".
func startingProfile(flagProfile string) string {
	return orDefault(orDefault(flagProfile, os.Getenv("AWS_PROFILE")), "default")
}

// applyConfigFile sets the flags the command line left alone (given) from
// the configuration file's settings for profile.
func applyConfigFile(fs *flag.FlagSet, given map[string]bool, file configFile, profile string) error {
	s := file.For(profile)
	values := map[string]string{}
	if s.Interval != nil {
		values["interval"] = s.Interval.String()
	}
	if s.Budget != nil {
		values["budget"] = string(*s.Budget)
	}
	if s.ReadOnly != nil {
		values["read-only"] = strconv.FormatBool(*s.ReadOnly)
	}
	if s.EventsQueue != nil {
		values["events-queue"] = *s.EventsQueue
	}
	for _, name := range []string{"interval", "budget", "read-only", "events-queue"} {
		v, ok := values[name]
		if !ok || given[name] {
			continue
		}
		if err := fs.Set(name, v); err != nil {
			return fmt.Errorf("configuration file %s: %s = %q: %w", configPath(), strings.ReplaceAll(name, "-", "_"), v, err)
		}
	}
	return nil
}

func parseDashboardFlags(args []string, stderr io.Writer) (dashboardFlags, error) {
	return parseDashboardFlagsWith(args, stderr, configFile{})
}

// parseDashboardFlagsWith parses args over the configuration file's
// defaults: a flag given wins over the file, the file's [profiles.NAME]
// over its top level (for the profile of --profile, else AWS_PROFILE, else
// "default"). The file's values go through the flags' own checks.
func parseDashboardFlagsWith(args []string, stderr io.Writer, file configFile) (dashboardFlags, error) {
	var f dashboardFlags
	fs := flag.NewFlagSet("ivsdash", flag.ContinueOnError)
	f.conn.register(fs)
	f.signer.register(fs)
	fs.BoolVar(&f.demo, "demo", false, "run on the embedded emulator with simulated live traffic (no AWS account needed)")
	fs.BoolVar(&f.readOnly, "read-only", false, "remove every mutating action (disconnect, stop, create, delete, mint)")
	fs.BoolVar(&f.noMetrics, "no-metrics", false, "do not read CloudWatch (the broadcast-health charts; no cloudwatch:GetMetricData needed)")
	durationVar(fs, &f.interval, "interval", 5*time.Second, minInterval, maxInterval, "polling interval of the visible pane")
	fs.Int64Var(&f.seed, "seed", 1, "--demo: seed of the simulated traffic")
	fs.IntVar(&f.participants, "participants", 0, "--demo: put this many participants in the busiest live session (up to 50000)")
	fs.IntVar(&f.stages, "stages", 0, "--demo: make the account hold this many stages (up to 1000, the quota)")
	fs.StringVar(&f.faults, "faults", "", "--demo: inject faults into the API, e.g. 'error500=0.1;latency=300ms@ListParticipants' (--faults help)")
	fs.StringVar(&f.eventsQueue, "events-queue", "", "read the events IVS pushes to EventBridge from this SQS queue `URL` (make it with: ivsdash events setup)")
	fs.StringVar(&f.start, "start", "stages", "first `pane`: "+strings.Join(model.StartPanes(), ", "))
	durationVar(fs, &f.errorWindow, "error-window", 15*time.Minute, time.Minute, 24*time.Hour, "how far back error counts go (stages ERRORS column, triage)")
	fs.BoolVar(&f.bell, "bell", false, "ring the terminal bell on error alerts")
	fs.BoolVar(&f.noMouse, "no-mouse", false, "leave the mouse to the terminal (its own selection and scrolling): no wheel scrolling or clicking rows")
	fs.BoolVar(&f.version, "version", false, "print the version and the revision it was built from")
	if err := parseFlags(fs, args, stderr, func(w io.Writer) { fmt.Fprint(w, usage) }); err != nil || f.version {
		return f, err
	}
	given := map[string]bool{} // on the command line
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	started := startingProfile(f.conn.profile)
	if err := applyConfigFile(fs, given, file, started); err != nil {
		return f, err
	}
	f.favorites, f.theme = file.Favorites, file.Theme
	f.readOnlyFor = func(profile string) bool { return readOnlyFor(given["read-only"], file, f.readOnly, profile) }
	f.eventsQueueFor = func(profile string) string {
		return eventsQueueFor(given["events-queue"], f.eventsQueue, started, file, profile)
	}
	if !slices.Contains(model.StartPanes(), f.start) {
		return f, fmt.Errorf("--start %q: choose %s", f.start, orList(model.StartPanes()))
	}
	if err := checkEventsQueue(f.eventsQueue); err != nil {
		return f, err
	}
	if f.demo && f.conn.endpoint != "" {
		return f, errors.New("--demo and --endpoint-url both choose where calls go: pick one")
	}
	if !f.demo && f.faults != "help" && (f.participants != 0 || f.stages != 0 || f.faults != "") {
		return f, errors.New("--participants, --stages and --faults shape the embedded emulator: add --demo (or give them to ivsdash emulator)")
	}
	return f, nil
}

func runDashboard(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	file, err := loadConfig(configPath())
	if err != nil {
		fmt.Fprintln(stderr, "ivsdash: configuration file:", err)
		return 2
	}
	f, err := parseDashboardFlagsWith(args, stderr, file)
	if err != nil {
		return badUsage(stderr, "ivsdash", err)
	}
	if f.version {
		fmt.Fprint(stdout, versionText(buildInfo()))
		return 0
	}
	if f.faults == "help" {
		fmt.Fprintln(stdout, emulator.FaultHelp)
		return 0
	}
	signer, err := f.signer.load()
	if err != nil {
		fmt.Fprintln(stderr, "ivsdash:", err)
		return 2
	}
	rep := reporter{cmd: "ivsdash", stderr: stderr}
	logger, closeLog, err := f.conn.openLog()
	if err != nil {
		return rep.fail(err)
	}
	defer closeLog()
	rep.logger = logger
	var demo *emulator.Options
	if f.demo {
		demo = &emulator.Options{Seed: f.seed, Participants: f.participants, Stages: f.stages, Faults: f.faults}
	}
	be, err := f.conn.openBackend(ctx, &rep, logger, demo)
	if err != nil {
		return rep.fail(err)
	}
	defer be.close()
	client, mode, endpoint := be.client, be.mode, be.endpoint
	if be.emu != nil && f.eventsQueue == "" {
		if f.eventsQueue, err = demoEventsQueue(ctx, be.emu, client.Region()); err != nil {
			fmt.Fprintln(stderr, "ivsdash:", err)
			return 1
		}
	}
	cloudWatch := f.metricsClient(client)
	if logger != nil {
		logger.Info("ivsdash started", "mode", mode, "endpoint", endpoint, "read_only", f.readOnly, "interval", f.interval,
			"metrics", cloudWatch != nil, "events_queue", f.eventsQueue)
		defer logger.Info("ivsdash stopped")
	}

	feedCtx, stopFeed := context.WithCancel(ctx)
	defer stopFeed()
	feed, err := startEventsQueue(feedCtx, f.eventsQueue, client)
	if err != nil {
		fmt.Fprintln(stderr, "ivsdash:", err)
		return 1
	}
	eventsFor := func(ctx context.Context, profile string, client *service.Client) (model.EventFeed, error) {
		return startEventsQueue(ctx, f.eventsQueueFor(profile), client)
	}
	var connect model.ConnectFunc
	if be.emu == nil && f.conn.endpoint == "" {
		connect = func(ctx context.Context, profile, region string) (*service.Client, error) {
			conn := f.conn
			conn.profile, conn.region = profile, region
			return conn.connect(ctx, logger)
		}
	}
	app := model.New(model.Config{
		Logger:   logger,
		Client:   client,
		Interval: f.interval,
		ReadOnly: f.readOnly,
		Mode:     mode,
		Endpoint: endpoint,
		Start:    f.start,
		Context:  ctx,

		ErrorWindow: f.errorWindow,
		Bell:        f.bell,
		Signer:      signer,
		NoMouse:     f.noMouse,
		Metrics:     cloudWatch,
		Events:      feed,
		EventsStop:  stopFeed,
		EventsFor:   eventsFor,
		Favorites:   f.favorites,
		Theme:       f.theme,
		Profile:     client.Profile(),
		Connect:     connect,
		ReadOnlyFor: f.readOnlyFor,
	})
	p := model.NewProgram(app, tea.WithContext(ctx), tea.WithFPS(frameRate))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && ctx.Err() == nil {
		fmt.Fprintln(stderr, "ivsdash:", err)
		return 1
	}
	return 0
}

// frameRate is how many times a second Bubble Tea's renderer wakes to draw
// the latest frame (its default is 60). The wake-ups cost CPU even when the
// frame has not changed: a bare Bubble Tea program idles at about 0.55% of
// a core at 60 and 0.4% at 30 (BENCHMARKS.md); at 30 a key's answer shows
// within 33 ms, which reads as immediate.
const frameRate = 30

// metricsClient is the CloudWatch client beside client (the same account,
// budget and endpoint: the demo's emulator serves CloudWatch too), or nil
// with --no-metrics. It makes no call until a pane asks.
func (f dashboardFlags) metricsClient(client *service.Client) *metrics.Client {
	if f.noMetrics {
		return nil
	}
	return metrics.New(client)
}

// backend is where a dashboard's calls go: AWS, or with --demo the
// embedded emulator; close it when done.
type backend struct {
	client         *service.Client
	mode, endpoint string // what the status bar says
	close          func()
	emu            *emulator.Emulator // with --demo: the embedded emulator
}

// openBackend connects to AWS, or with demo set starts the embedded
// emulator with simulated traffic (demo's region is --region's) and a
// client of it. The client logs to logger. On failure rep is set to report
// the error.
func (c *connectionFlags) openBackend(ctx context.Context, rep *reporter, logger *slog.Logger, demo *emulator.Options) (backend, error) {
	if demo != nil {
		o := *demo
		o.Region, o.Simulate = orDefault(c.region, "us-east-1"), true
		emu, err := startDemo(ctx, o)
		if err != nil {
			return backend{}, fmt.Errorf("could not start the embedded emulator: %w", err)
		}
		client := service.NewForEndpoint(emu.URL(), o.Region, c.budget.config)
		client.SetLogger(logger)
		return backend{client: client, mode: "demo · " + o.Region, endpoint: emu.URL(), close: func() { _ = emu.Close() }, emu: emu}, nil
	}
	client, err := c.connect(ctx, logger)
	if err != nil {
		rep.tryDemo = true
		return backend{}, err
	}
	mode := client.Region()
	if p := client.Profile(); p != "" {
		mode = "profile " + p + " · " + mode
	}
	return backend{client: client, mode: mode, endpoint: client.Endpoint(), close: func() {}}, nil
}

// demoListen is where --demo's emulator listens: loopback only, on a port
// the system picks, so nothing but this machine can reach it.
const demoListen = "127.0.0.1:0"

// startDemo starts --demo's embedded emulator, with simulated traffic.
func startDemo(ctx context.Context, o emulator.Options) (*emulator.Emulator, error) {
	o.Simulate = true
	return emulator.Start(ctx, demoListen, o)
}

// orList is "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
