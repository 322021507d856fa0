// Command ivsdash is a terminal dashboard for Amazon IVS Real-Time: stages,
// live sessions, participants and their events, compositions, and every other
// operation of the ivs-realtime API. `ivsdash --demo` runs it on an embedded
// emulator of the API with simulated live traffic; `ivsdash emulator` serves
// that emulator alone for the AWS CLI, SDKs and tests.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/ivsdash/ivsdash/model"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/emulator"
	"github.com/ivsdash/ivsdash/service/localtoken"
	"github.com/ivsdash/ivsdash/service/report"
)

const usage = `ivsdash: a terminal dashboard for Amazon IVS Real-Time

Usage:
  ivsdash [flags]               the dashboard, on your AWS account (standard AWS configuration chain)
  ivsdash --demo [flags]        the dashboard on an embedded emulator with simulated live traffic
  ivsdash emulator [flags]      serve the IVS Real-Time emulator alone (for the AWS CLI, SDKs, tests)
  ivsdash token --stage ARN     print a participant token (signed locally with --signing-key: no quota)
  ivsdash export --stage ARN    write a session's participants and events for an incident report

Run 'ivsdash <command> --help' for a command's flags.

Dashboard flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches the subcommands; it returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "emulator":
			return runEmulator(ctx, args[1:], stdout, stderr)
		case "token":
			return runToken(ctx, args[1:], stdout, stderr)
		case "export":
			return runExport(ctx, args[1:], stdout, stderr)
		case "help":
			args = []string{"--help"}
		default:
			fmt.Fprintf(stderr, "ivsdash: unknown command %q (commands: emulator, token, export; run ivsdash --help)\n", args[0])
			return 2
		}
	}
	return runDashboard(ctx, args, stdout, stderr)
}

// dashboardFlags are the dashboard's options.
type dashboardFlags struct {
	profile, region, endpoint string
	demo, readOnly            bool
	interval                  time.Duration
	budget                    float64
	seed                      int64
	participants, stages      int
	faults                    string
	start                     string
	errorWindow               time.Duration
	bell                      bool
	signingKey, publicKeyARN  string
	logFile                   string
}

func parseDashboardFlags(args []string, stderr io.Writer) (dashboardFlags, error) {
	var f dashboardFlags
	fs := flag.NewFlagSet("ivsdash", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	fs.StringVar(&f.profile, "profile", "", "AWS profile (default: AWS_PROFILE or the default profile)")
	fs.StringVar(&f.region, "region", "", "AWS region (default: AWS_REGION or the profile's region)")
	fs.StringVar(&f.endpoint, "endpoint-url", "", "send API calls to this URL instead of AWS (e.g. a local emulator)")
	fs.BoolVar(&f.demo, "demo", false, "run on the embedded emulator with simulated live traffic (no AWS account needed)")
	fs.BoolVar(&f.readOnly, "read-only", false, "remove every mutating action (disconnect, stop, create, delete, mint)")
	fs.DurationVar(&f.interval, "interval", 5*time.Second, "polling interval of the visible pane")
	fs.Float64Var(&f.budget, "budget", 0.2, "share of each AWS API quota the dashboard may use (0-1; the rest is your backend's)")
	fs.Int64Var(&f.seed, "seed", 1, "--demo: seed of the simulated traffic")
	fs.IntVar(&f.participants, "participants", 0, "--demo: put this many participants in the busiest live session (up to 50000)")
	fs.IntVar(&f.stages, "stages", 0, "--demo: make the account hold this many stages (up to 1000, the quota)")
	fs.StringVar(&f.faults, "faults", "", "--demo: inject faults into the API, e.g. 'error500=0.1;latency=300ms@ListParticipants' (--faults help)")
	fs.StringVar(&f.start, "start", "stages", "first pane: stages or compositions")
	fs.DurationVar(&f.errorWindow, "error-window", 15*time.Minute, "how far back error counts go (stages ERRORS column, triage)")
	fs.BoolVar(&f.bell, "bell", false, "ring the terminal bell on error alerts")
	fs.StringVar(&f.signingKey, "signing-key", "", "P-384 private key (PEM) to sign participant tokens locally: no API call, no quota")
	fs.StringVar(&f.publicKeyARN, "public-key-arn", "", "ARN of the imported public key of --signing-key")
	fs.StringVar(&f.logFile, "log", "", "write a debug log of API calls and actions to this file (created 0600; never holds tokens or stream keys)")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if f.interval < time.Second {
		return f, fmt.Errorf("--interval %s is too short: at least 1s (the API budget is shared with your backend)", f.interval)
	}
	if f.budget <= 0 || f.budget > 1 {
		return f, fmt.Errorf("--budget %g must be above 0 and at most 1", f.budget)
	}
	if f.demo && f.endpoint != "" {
		return f, errors.New("--demo and --endpoint-url both choose where calls go: pick one")
	}
	if f.errorWindow < time.Minute || f.errorWindow > 24*time.Hour {
		return f, fmt.Errorf("--error-window %s: give 1m to 24h", f.errorWindow)
	}
	if !f.demo && f.faults != "help" && (f.participants != 0 || f.stages != 0 || f.faults != "") {
		return f, errors.New("--participants, --stages and --faults shape the embedded emulator: add --demo (or give them to ivsdash emulator)")
	}
	return f, nil
}

func runDashboard(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f, err := parseDashboardFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "ivsdash:", err)
		return 2
	}
	if f.faults == "help" {
		fmt.Fprintln(stdout, emulator.FaultHelp)
		return 0
	}
	budget := budget.Config{Fraction: f.budget}
	signer, err := loadSigner(f.signingKey, f.publicKeyARN)
	if err != nil {
		fmt.Fprintln(stderr, "ivsdash:", err)
		return 2
	}
	var (
		client   *service.Client
		mode     string
		endpoint string
	)
	switch {
	case f.demo:
		region := orDefault(f.region, "us-east-1")
		emu, err := emulator.Start(ctx, "127.0.0.1:0", emulator.Options{Region: region, Simulate: true, Seed: f.seed,
			Participants: f.participants, Stages: f.stages, Faults: f.faults})
		if err != nil {
			fmt.Fprintln(stderr, "ivsdash: could not start the embedded emulator:", err)
			return 1
		}
		defer emu.Close()
		client = service.NewForEndpoint(emu.URL(), region, budget)
		mode, endpoint = "demo · "+region, emu.URL()
	default:
		client, err = connect(ctx, f.profile, f.region, f.endpoint, budget)
		if err != nil {
			fmt.Fprintln(stderr, startupError(err))
			return 1
		}
		mode = client.Region()
		if p := client.Profile(); p != "" {
			mode = "profile " + p + " · " + mode
		}
		endpoint = client.Endpoint()
	}

	var logger *slog.Logger
	if f.logFile != "" {
		l, closer, err := model.OpenDebugLog(f.logFile)
		if err != nil {
			fmt.Fprintln(stderr, "ivsdash: --log:", err)
			return 1
		}
		defer closer.Close()
		logger = l
		client.SetLogger(logger)
		logger.Info("ivsdash started", "mode", mode, "endpoint", endpoint, "read_only", f.readOnly, "interval", f.interval)
		defer logger.Info("ivsdash stopped")
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
	})
	p := tea.NewProgram(app, tea.WithContext(ctx))
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && ctx.Err() == nil {
		fmt.Fprintln(stderr, "ivsdash:", err)
		return 1
	}
	return 0
}

// isLoopback reports whether an endpoint URL names this machine.
func isLoopback(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// startupError says what is wrong before the dashboard opens, with the fix.
func startupError(err error) string {
	var se *service.Error
	msg := err.Error()
	hint := ""
	if errors.As(err, &se) {
		msg, hint = se.Human(), se.Hint()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ivsdash: %s\n", msg)
	if hint != "" {
		fmt.Fprintf(&b, "  fix: %s\n", hint)
	}
	if !strings.Contains(hint, "--demo") {
		b.WriteString("  or try the dashboard without an AWS account: ivsdash --demo\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func runEmulator(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ivsdash emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:4566", "address to serve on")
	region := fs.String("region", "us-east-1", "region in ARNs and endpoints")
	account := fs.String("account", "123456789012", "12-digit account id in ARNs")
	simulate := fs.Bool("simulate", false, "run simulated live traffic: stages, a broadcast, errors, a composition")
	seed := fs.Int64("seed", 1, "seed of the simulated traffic")
	noThrottle := fs.Bool("no-throttle", false, "turn off the per-operation AWS quotas (429 past them)")
	participants := fs.Int("participants", 0, "with --simulate: participants in the busiest live session (up to 50000)")
	stages := fs.Int("stages", 0, "with --simulate: stages in the account, the simulation's included (up to 1000, the quota)")
	faults := fs.String("faults", "", "inject faults into AWS operations, e.g. 'error500=0.1;latency=300ms@ListParticipants' (--faults help)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "ivsdash emulator: a local Amazon IVS Real-Time API (ivs-realtime 2020-07-14) on the real wire protocol")
		fmt.Fprintln(stderr, "\nUsage: ivsdash emulator [flags]\n\nUse it with any AWS SDK or the AWS CLI:\n  aws ivs-realtime list-stages --endpoint-url http://127.0.0.1:4566\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *faults == "help" {
		fmt.Fprintln(stdout, emulator.FaultHelp)
		return 0
	}
	emu, err := emulator.Start(ctx, *listen, emulator.Options{
		Region: *region, Account: *account, Simulate: *simulate, Seed: *seed, NoThrottle: *noThrottle,
		Participants: *participants, Stages: *stages, Faults: *faults,
	})
	if err != nil {
		fmt.Fprintln(stderr, "ivsdash emulator:", err)
		return 1
	}
	defer emu.Close()
	fmt.Fprintf(stdout, "IVS Real-Time emulator: region %s, account %s, throttling %s, simulation %s\n",
		*region, *account, onOff(!*noThrottle), onOff(*simulate))
	if *participants > 0 || *stages > 0 {
		fmt.Fprintf(stdout, "scale: %d participants in the busiest session, %d stages\n", *participants, *stages)
	}
	if spec := emu.Faults(); spec != "" {
		fmt.Fprintf(stdout, "faults: %s (change them: POST %s/_emulator/faults {\"spec\": \"...\"})\n", spec, emu.URL())
	}
	fmt.Fprintf(stdout, "endpoint: %s\n", emu.URL())
	fmt.Fprintf(stdout, "ready: aws ivs-realtime list-stages --endpoint-url %s --region %s\n", emu.URL(), *region)
	<-ctx.Done()
	return 0
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// connect builds the service client for a command: the standard AWS
// configuration chain, or --endpoint-url (a local emulator on loopback needs
// no AWS account: it accepts any signature).
func connect(ctx context.Context, profile, region, endpoint string, budget budget.Config) (*service.Client, error) {
	opts := service.Options{Profile: profile, Region: region, EndpointURL: endpoint, Budget: budget}
	client, err := service.New(ctx, opts)
	if err != nil {
		return nil, err
	}
	err = client.CheckCredentials(ctx)
	if err != nil && endpoint != "" && isLoopback(endpoint) && service.KindOf(err) == service.MissingCredentials {
		opts.StaticCredentials = &aws.Credentials{AccessKeyID: "ivsdash", SecretAccessKey: "ivsdash-local", Source: "ivsdash"}
		client, err = service.New(ctx, opts)
	}
	if err != nil {
		return nil, err
	}
	return client, nil
}

// loadSigner reads --signing-key and --public-key-arn: both or neither.
func loadSigner(keyPath, publicKeyARN string) (*localtoken.Signer, error) {
	switch {
	case keyPath == "" && publicKeyARN == "":
		return nil, nil
	case keyPath == "":
		return nil, errors.New("--public-key-arn needs --signing-key (the private key whose public half that ARN names)")
	case publicKeyARN == "":
		return nil, errors.New("--signing-key needs --public-key-arn (the ARN ImportPublicKey gave its public half)")
	}
	return localtoken.LoadSigner(keyPath, publicKeyARN)
}

// parseFlags parses a command's flags; done says the command stops there
// with code: 0 after --help, 2 for bad flags or a stray argument.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, true
		}
		return 2, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return 2, true
	}
	return 0, false
}

// connectionFlags are the flags every command that calls AWS takes.
type connectionFlags struct {
	profile, region, endpoint string
	budget                    float64
}

func (c *connectionFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.profile, "profile", "", "AWS profile (default: AWS_PROFILE or the default profile)")
	fs.StringVar(&c.region, "region", "", "AWS region (default: AWS_REGION or the profile's region)")
	fs.StringVar(&c.endpoint, "endpoint-url", "", "send API calls to this URL instead of AWS (e.g. a local emulator)")
	fs.Float64Var(&c.budget, "budget", 0.2, "share of each AWS API quota this command may use (0-1)")
}

func (c *connectionFlags) connect(ctx context.Context) (*service.Client, error) {
	if c.budget <= 0 || c.budget > 1 {
		return nil, fmt.Errorf("--budget %g must be above 0 and at most 1", c.budget)
	}
	return connect(ctx, c.profile, c.region, c.endpoint, budget.Config{Fraction: c.budget})
}

// commandError prints a failure in words (with the fix, for AWS errors) on
// stderr and returns exit code 1.
func commandError(stderr io.Writer, cmd string, err error) int {
	var se *service.Error
	if errors.As(err, &se) {
		fmt.Fprintf(stderr, "ivsdash %s: %s\n", cmd, se.Human())
		if h := se.Hint(); h != "" {
			fmt.Fprintf(stderr, "  fix: %s\n", h)
		}
		return 1
	}
	fmt.Fprintf(stderr, "ivsdash %s: %v\n", cmd, err)
	return 1
}

// attributeFlags collects repeated --attribute k=v.
type attributeFlags map[string]string

func (a attributeFlags) String() string { return fmt.Sprint(map[string]string(a)) }

// size is what counts against IVS's 1 KB limit: keys and values.
func (a attributeFlags) size() int {
	n := 0
	for k, v := range a {
		n += len(k) + len(v)
	}
	return n
}

func (a attributeFlags) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" {
		return fmt.Errorf("write attributes as key=value, got %q", v)
	}
	if _, dup := a[k]; dup {
		return fmt.Errorf("attribute %q is given twice", k)
	}
	a[k] = val
	return nil
}

// tokenJSON is `ivsdash token --json`: the token and what it allows.
type tokenJSON struct {
	ParticipantID   string            `json:"participantId"`
	Token           string            `json:"token"`
	UserID          string            `json:"userId,omitempty"`
	StageARN        string            `json:"stageArn"`
	Capabilities    []string          `json:"capabilities"`
	DurationMinutes int               `json:"durationMinutes"`
	ExpirationTime  string            `json:"expirationTime"`
	Attributes      map[string]string `json:"attributes,omitempty"`
	MintedBy        string            `json:"mintedBy"` // "local" or "CreateParticipantToken"
	PublicKeyARN    string            `json:"publicKeyArn,omitempty"`
}

// runToken prints a participant token for scripts: the token alone on
// stdout (details with --json), errors on stderr. With --signing-key and
// --public-key-arn it signs the token itself (no CreateParticipantToken
// call, no quota; one GetStage for the stage's endpoints).
func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ivsdash token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var conn connectionFlags
	conn.register(fs)
	stage := fs.String("stage", "", "ARN of the stage the token is for (required)")
	userID := fs.String("user-id", "", "user id to put in the token (any text, max 128 characters)")
	publish := fs.Bool("publish", false, "allow publishing (with neither --publish nor --subscribe: both)")
	subscribe := fs.Bool("subscribe", false, "allow subscribing (with neither --publish nor --subscribe: both)")
	duration := fs.Int("duration", service.DefaultTokenDurationMinutes, "validity in minutes (1-20160)")
	attrs := attributeFlags{}
	fs.Var(attrs, "attribute", "attribute key=value (repeat for more; 1 KB in total)")
	keyPath := fs.String("signing-key", "", "sign the token locally with this P-384 private key (PEM): no API call for the token, no quota")
	keyARN := fs.String("public-key-arn", "", "ARN of the imported public key of --signing-key (goes into the token's kid)")
	asJSON := fs.Bool("json", false, "print the token and its details as JSON")
	genDir := fs.String("generate-key", "", "write a new P-384 key pair into this directory and print how to import it (no token is minted)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "ivsdash token: mint an IVS Real-Time participant token (the token alone on stdout, for scripts)")
		fmt.Fprintln(stderr, "\nUsage:\n  ivsdash token --stage ARN [--user-id U] [--publish] [--subscribe] [--duration MIN] [--attribute k=v ...] [--json]")
		fmt.Fprintln(stderr, "  ivsdash token --stage ARN --signing-key key.pem --public-key-arn ARN ...   sign locally: no quota")
		fmt.Fprintln(stderr, "  ivsdash token --generate-key DIR                                           make a key pair to import")
		fmt.Fprintln(stderr, "\nExit status: 0 with the token, 1 when minting failed, 2 for bad flags.\n\nFlags:")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	if *genDir != "" {
		return generateKey(*genDir, conn.region, stdout, stderr)
	}
	if *stage == "" {
		fmt.Fprintln(stderr, "ivsdash token: --stage is required (the stage's ARN)")
		return 2
	}
	// The API's limits, checked before any call.
	if *duration < service.MinTokenDurationMinutes || *duration > service.MaxTokenDurationMinutes {
		fmt.Fprintf(stderr, "ivsdash token: --duration %d: give %d to %d minutes (14 days)\n", *duration, service.MinTokenDurationMinutes, service.MaxTokenDurationMinutes)
		return 2
	}
	if n := len([]rune(*userID)); n > service.MaxUserIDLength {
		fmt.Fprintf(stderr, "ivsdash token: --user-id is %d characters; IVS allows %d\n", n, service.MaxUserIDLength)
		return 2
	}
	if size := attrs.size(); size > service.MaxAttributesBytes {
		fmt.Fprintf(stderr, "ivsdash token: the attributes are %d bytes; IVS allows %d in total\n", size, service.MaxAttributesBytes)
		return 2
	}
	signer, err := loadSigner(*keyPath, *keyARN)
	if err != nil {
		return commandError(stderr, "token", err)
	}
	req := service.TokenRequest{StageARN: *stage, UserID: *userID, DurationMinutes: *duration}
	if len(attrs) > 0 {
		req.Attributes = attrs
	}
	if *publish {
		req.Capabilities = append(req.Capabilities, service.CapabilityPublish)
	}
	if *subscribe {
		req.Capabilities = append(req.Capabilities, service.CapabilitySubscribe)
	}
	client, err := conn.connect(ctx)
	if err != nil {
		return commandError(stderr, "token", err)
	}
	out := tokenJSON{StageARN: *stage, MintedBy: "CreateParticipantToken"}
	var tok service.ParticipantToken
	if signer != nil {
		// The stage's events and WHIP endpoints go into the token's claims.
		st, err := client.GetStage(ctx, *stage)
		if err != nil {
			return commandError(stderr, "token", fmt.Errorf("reading the stage's endpoints: %w", err))
		}
		tok, err = signer.Mint(st, req, time.Now())
		if err != nil {
			return commandError(stderr, "token", err)
		}
		out.MintedBy, out.PublicKeyARN = "local", signer.PublicKeyARN()
	} else if tok, err = client.CreateParticipantToken(ctx, req); err != nil {
		return commandError(stderr, "token", err)
	}
	if !*asJSON {
		fmt.Fprintln(stdout, tok.Token.Reveal())
		return 0
	}
	out.ParticipantID, out.Token, out.UserID = tok.ParticipantID, tok.Token.Reveal(), tok.UserID
	out.Capabilities, out.DurationMinutes, out.Attributes = tok.Capabilities, tok.DurationMinutes, tok.Attributes
	out.ExpirationTime = tok.Expiration.UTC().Format(time.RFC3339)
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return commandError(stderr, "token", err)
	}
	return 0
}

// generateKey writes a key pair for self-signed tokens and says how to
// import its public half.
func generateKey(dir, region string, stdout, stderr io.Writer) int {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return commandError(stderr, "token", err)
	}
	priv, pub := filepath.Join(dir, "ivs-signing-key.pem"), filepath.Join(dir, "ivs-public-key.pem")
	if err := localtoken.WriteKeyPair(priv, pub); err != nil {
		return commandError(stderr, "token", err)
	}
	regionFlag := ""
	if region != "" {
		regionFlag = " --region " + region
	}
	fmt.Fprintf(stdout, "private key: %s (mode 0600: keep it secret)\npublic key:  %s\n\n", priv, pub)
	fmt.Fprintf(stdout, "Import the public key (at most 3 per region), then mint tokens with no API call:\n")
	fmt.Fprintf(stdout, "  aws ivs-realtime import-public-key --name ivsdash-signer --public-key-material file://%s%s\n", pub, regionFlag)
	fmt.Fprintf(stdout, "  ivsdash token --stage STAGE_ARN --signing-key %s --public-key-arn PUBLIC_KEY_ARN\n", priv)
	return 0
}

// runExport writes one session's participants and events for an incident
// report: Markdown (ready for a ticket), JSON or CSV, on stdout or --out.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ivsdash export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var conn connectionFlags
	conn.register(fs)
	stage := fs.String("stage", "", "ARN of the stage (required)")
	session := fs.String("session", "", "session id (default: the stage's live session)")
	format := fs.String("format", "md", "md (Markdown, for a ticket), json or csv")
	out := fs.String("out", "", "write to this new file (never overwritten) instead of stdout")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "ivsdash export: a stage session's participants and events for an incident report (sanitised; no tokens)")
		fmt.Fprintln(stderr, "\nUsage: ivsdash export --stage ARN [--session ID] [--format md|json|csv] [--out FILE]\n\nFlags:")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	if *stage == "" {
		fmt.Fprintln(stderr, "ivsdash export: --stage is required (the stage's ARN)")
		return 2
	}
	if !slices.Contains(report.Formats, strings.ToLower(*format)) && !strings.EqualFold(*format, "markdown") {
		fmt.Fprintf(stderr, "ivsdash export: --format %q: choose md, json or csv\n", *format)
		return 2
	}
	client, err := conn.connect(ctx)
	if err != nil {
		return commandError(stderr, "export", err)
	}
	if *session == "" {
		st, err := client.GetStage(ctx, *stage)
		if err != nil {
			return commandError(stderr, "export", err)
		}
		if st.ActiveSessionID == "" {
			fmt.Fprintln(stderr, "ivsdash export: the stage has no live session: give --session (its sessions: aws ivs-realtime list-stage-sessions)")
			return 1
		}
		*session = st.ActiveSessionID
	}
	// Open the file first: a name already taken fails before minutes of reading.
	w, closeOut := io.Writer(stdout), func() error { return nil }
	if *out != "" {
		fh, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return commandError(stderr, "export", fmt.Errorf("--out: %w (an export never overwrites a file)", err))
		}
		w, closeOut = fh, fh.Close
	}
	r, collectErr := report.Collect(ctx, client, *stage, *session, nil)
	if collectErr != nil && r.Session.ID == "" {
		_ = closeOut()
		if *out != "" {
			_ = os.Remove(*out)
		}
		return commandError(stderr, "export", collectErr)
	}
	werr := report.Write(w, r, *format)
	if cerr := closeOut(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return commandError(stderr, "export", werr)
	}
	if r.Partial {
		fmt.Fprintf(stderr, "ivsdash export: partial report: %s\n", r.Note)
	}
	if *out != "" {
		fmt.Fprintf(stderr, "wrote %s: %d participants, %d events\n", *out, len(r.Participants), len(r.Events))
	}
	if collectErr != nil {
		return commandError(stderr, "export", collectErr)
	}
	return 0
}
