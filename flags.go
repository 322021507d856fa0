package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/service/localtoken"
)

// connectionFlags are the flags of every command that calls AWS: where the
// calls go, how much of the quota they may take, and the debug log.
type connectionFlags struct {
	profile, region, endpoint string
	budget                    budgetFlag
	logFile                   string
}

func (c *connectionFlags) register(fs *flag.FlagSet) {
	c.budget = defaultBudget()
	fs.StringVar(&c.profile, "profile", "", "AWS `profile` (default: AWS_PROFILE or the default profile)")
	fs.StringVar(&c.region, "region", "", "AWS `region` (default: AWS_REGION or the profile's region)")
	fs.StringVar(&c.endpoint, "endpoint-url", "", "send API calls to this `URL` instead of AWS (e.g. a local emulator)")
	fs.Var(&c.budget, "budget", "`share` of each AWS API quota to use, above 0 and at most 1 (the rest is your backend's), enough for a call a minute: one share for every quota group (0.2) or per group (0.2,stage=0.1,token=0.5)")
	fs.StringVar(&c.logFile, "log", "", "write a debug log of API calls (and the dashboard's actions) to this `file` (created 0600; never holds tokens or stream keys)")
}

// connect builds the service client: the standard AWS configuration chain,
// or --endpoint-url (a local emulator on loopback needs no AWS account: it
// accepts any signature).
func (c *connectionFlags) connect(ctx context.Context, logger *slog.Logger) (*service.Client, error) {
	opts := service.Options{Profile: c.profile, Region: c.region, EndpointURL: c.endpoint, Budget: c.budget.config, Logger: logger}
	client, err := service.New(ctx, opts)
	if err != nil {
		return nil, err
	}
	err = client.CheckCredentials(ctx)
	if err != nil && c.endpoint != "" && isLoopback(c.endpoint) && service.KindOf(err) == service.MissingCredentials {
		opts.StaticCredentials = &aws.Credentials{AccessKeyID: "ivsdash", SecretAccessKey: "ivsdash-local", Source: "ivsdash"}
		client, err = service.New(ctx, opts)
	}
	if err != nil {
		return nil, err
	}
	return client, nil
}

// open opens --log, which rep logs failures to from then on, and connects.
// Call closeLog when done, also after an error.
func (c *connectionFlags) open(ctx context.Context, rep *reporter) (client *service.Client, closeLog func(), err error) {
	logger, closeLog, err := c.openLog()
	if err != nil {
		return nil, func() {}, err
	}
	rep.logger = logger
	client, err = c.connect(ctx, logger)
	return client, closeLog, err
}

// openLog opens --log; without it the logger is nil. Call closeLog when
// done either way.
func (c *connectionFlags) openLog() (logger *slog.Logger, closeLog func(), err error) {
	if c.logFile == "" {
		return nil, func() {}, nil
	}
	l, closer, err := openDebugLog(c.logFile)
	if err != nil {
		return nil, nil, fmt.Errorf("--log: %w", err)
	}
	return l, func() { _ = closer.Close() }, nil
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

// budgetFlag is --budget as budget.Parse reads it: "0.2" for every
// quota group, or "0.2,stage=0.1,token=0.5" per group.
type budgetFlag struct {
	text   string
	config budget.Config
}

func defaultBudget() budgetFlag {
	return budgetFlag{
		text:   strconv.FormatFloat(budget.DefaultFraction, 'g', -1, 64),
		config: budget.Config{Fraction: budget.DefaultFraction},
	}
}

func (b *budgetFlag) String() string { return b.text }

func (b *budgetFlag) Set(s string) error {
	config, err := budget.Parse(s)
	if err != nil {
		return err
	}
	if math.IsNaN(config.Fraction) {
		return errors.New("not a number")
	}
	for _, f := range config.Groups {
		if math.IsNaN(f) {
			return errors.New("not a number")
		}
	}
	// A share so small that an operation gets less than a call a minute
	// leaves panes that never load: refuse it and say the least that works.
	var starved, least []string
	for _, g := range ivs.Groups {
		if config.Rate(g)*60 < 1 {
			starved = append(starved, string(g))
			least = append(least, fmt.Sprintf("%s=%s", g, strconv.FormatFloat(roundUp(1/(60*g.TPS())), 'g', -1, 64)))
		}
	}
	if len(starved) > 0 {
		return fmt.Errorf("leaves less than one call a minute to the operations of %s; give at least %s",
			strings.Join(starved, ", "), strings.Join(least, ","))
	}
	b.text, b.config = s, config
	return nil
}

// roundUp rounds x up to two significant digits, so that the share it
// suggests is enough.
func roundUp(x float64) float64 {
	scale := math.Pow(10, 1-math.Floor(math.Log10(x)))
	return math.Ceil(x*scale) / scale
}

// durationFlag is a duration that must fall within [min, max].
type durationFlag struct {
	d        *time.Duration
	min, max time.Duration
}

// durationVar registers a duration flag with its range, which the help shows.
func durationVar(fs *flag.FlagSet, d *time.Duration, name string, value, min, max time.Duration, usage string) {
	*d = value
	fs.Var(durationFlag{d: d, min: min, max: max}, name, fmt.Sprintf("%s, %s to %s", usage, shortDuration(min), shortDuration(max)))
}

func (f durationFlag) String() string {
	if f.d == nil {
		return ""
	}
	return shortDuration(*f.d)
}

func (f durationFlag) Get() any { return *f.d }

func (f durationFlag) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("not a duration (like 30s, 5m or 1h)")
	}
	if d < f.min || d > f.max {
		return fmt.Errorf("give %s to %s", shortDuration(f.min), shortDuration(f.max))
	}
	*f.d = d
	return nil
}

// shortDuration writes 15m for 15m0s and 24h for 24h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// stageARNPattern and maxStageARNLength are what IVS requires of a stage
// ARN (stageArn of CreateParticipantToken, arn of GetStage), from the catalogue.
var stageARNPattern = ivs.Anchored(ivs.ARNPattern(ivs.KindStage))

const maxStageARNLength = ivs.MaxARNLength

// checkStageARN refuses a missing or malformed --stage before it costs a
// call from the quota production shares.
func checkStageARN(arn string) error {
	switch {
	case arn == "":
		return errors.New("--stage is required (the stage's ARN)")
	case len(arn) > maxStageARNLength || !stageARNPattern.MatchString(arn):
		shown := arn
		if len(shown) > 200 {
			shown = shown[:200] + "…"
		}
		return fmt.Errorf("--stage %q is not a stage ARN (arn:aws:ivs:REGION:ACCOUNT:stage/ID), at most %d characters", shown, maxStageARNLength)
	}
	return nil
}

// signerFlags are --signing-key and --public-key-arn: sign participant
// tokens locally instead of calling CreateParticipantToken.
type signerFlags struct {
	keyPath, publicKeyARN string
}

func (s *signerFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.keyPath, "signing-key", "", "sign participant tokens locally with this P-384 private key (PEM `file`): no API call, no quota")
	fs.StringVar(&s.publicKeyARN, "public-key-arn", "", "`ARN` of the imported public key of --signing-key (goes into the token's kid)")
}

// load reads the key: both flags or neither (then the signer is nil).
func (s signerFlags) load() (*localtoken.Signer, error) {
	switch {
	case s.keyPath == "" && s.publicKeyARN == "":
		return nil, nil
	case s.keyPath == "":
		return nil, errors.New("--public-key-arn needs --signing-key (the private key whose public half that ARN names)")
	case s.publicKeyARN == "":
		return nil, errors.New("--signing-key needs --public-key-arn (the ARN ImportPublicKey gave its public half)")
	}
	return localtoken.LoadSigner(s.keyPath, s.publicKeyARN)
}
