// Command ivsdash is a terminal dashboard for Amazon IVS Real-Time: stages,
// live sessions, participants and their events, compositions, and every other
// operation of the ivs-realtime API. `ivsdash --demo` runs it on an embedded
// emulator of the API with simulated live traffic; `ivsdash emulator` serves
// that emulator alone for the AWS CLI, SDKs and tests.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/ivsdash/ivsdash/model"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/emulator"
)

const usage = `ivsdash: a terminal dashboard for Amazon IVS Real-Time

Usage:
  ivsdash [flags]               the dashboard, on your AWS account (standard AWS configuration chain)
  ivsdash --demo [flags]        the dashboard on an embedded emulator with simulated live traffic
  ivsdash emulator [flags]      serve the IVS Real-Time emulator alone (for the AWS CLI, SDKs, tests)

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
		case "help":
			args = []string{"--help"}
		default:
			fmt.Fprintf(stderr, "ivsdash: unknown command %q (commands: emulator; run ivsdash --help)\n", args[0])
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
	start                     string
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
	fs.StringVar(&f.start, "start", "stages", "first pane: stages or compositions")
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
	budget := service.BudgetConfig{Fraction: f.budget}
	var (
		client   *service.Client
		mode     string
		endpoint string
	)
	switch {
	case f.demo:
		region := orDefault(f.region, "us-east-1")
		emu, err := emulator.Start(ctx, "127.0.0.1:0", emulator.Options{Region: region, Simulate: true, Seed: f.seed})
		if err != nil {
			fmt.Fprintln(stderr, "ivsdash: could not start the embedded emulator:", err)
			return 1
		}
		defer emu.Close()
		client = service.NewForEndpoint(emu.URL(), region, budget)
		mode, endpoint = "demo · "+region, emu.URL()
	default:
		opts := service.Options{Profile: f.profile, Region: f.region, EndpointURL: f.endpoint, Budget: budget}
		client, err = service.New(ctx, opts)
		if err == nil {
			err = client.CheckCredentials(ctx)
			if err != nil && f.endpoint != "" && isLoopback(f.endpoint) && service.KindOf(err) == service.MissingCredentials {
				// A local emulator accepts any signature: no AWS account needed.
				opts.StaticCredentials = &aws.Credentials{AccessKeyID: "ivsdash", SecretAccessKey: "ivsdash-local", Source: "ivsdash"}
				client, err = service.New(ctx, opts)
			}
		}
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

	app := model.New(model.Config{
		Client:   client,
		Interval: f.interval,
		ReadOnly: f.readOnly,
		Mode:     mode,
		Endpoint: endpoint,
		Start:    f.start,
		Context:  ctx,
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
	emu, err := emulator.Start(ctx, *listen, emulator.Options{
		Region: *region, Account: *account, Simulate: *simulate, Seed: *seed, NoThrottle: *noThrottle,
	})
	if err != nil {
		fmt.Fprintln(stderr, "ivsdash emulator:", err)
		return 1
	}
	defer emu.Close()
	fmt.Fprintf(stdout, "IVS Real-Time emulator: region %s, account %s, throttling %s, simulation %s\n",
		*region, *account, onOff(!*noThrottle), onOff(*simulate))
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
