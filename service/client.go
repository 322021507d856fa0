// Package service is everything ivsdash says to Amazon IVS Real-Time: one
// client over aws-sdk-go-v2's ivsrealtime for all 39 operations, returning
// plain domain values, with errors classified once and every call kept within
// a client-side budget of the AWS quotas that production shares.
package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"

	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/internal/sdkbody"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// Client calls IVS Real-Time. It is safe for concurrent use.
type Client struct {
	api      *ivsrealtime.Client
	cfg      aws.Config // what New loaded: other AWS clients (CloudWatch) share it
	creds    aws.CredentialsProvider
	budget   *budget.Budget
	profile  string
	region   string
	endpoint string
	retries  int    // extra attempts after a 429
	broken   *Error // set when NewForEndpoint got a bad URL: every call fails with it

	endpointOverride string        // --endpoint-url as given ("" = AWS's)
	timeout          time.Duration // per HTTP attempt
	logger           atomic.Pointer[slog.Logger]
	shared           sharedReads // off unless ShareReads
}

// New builds a client from the standard AWS configuration chain, as the AWS
// CLI does: o.Profile and o.Region override the environment and shared files,
// o.EndpointURL overrides the endpoint (AWS_ENDPOINT_URL_IVS_REALTIME keeps
// working when it is empty). It makes no API call; see CheckCredentials.
func New(ctx context.Context, o Options) (*Client, error) {
	if o.EndpointURL != "" {
		if err := checkEndpointURL(o.EndpointURL); err != nil {
			return nil, err
		}
	}
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(newRetryer),
		// The SDK's own warnings (e.g. "falling back to IMDSv1") would
		// land on the terminal under the dashboard; errors reach the user
		// classified instead.
		config.WithLogger(logging.Nop{}),
	}
	if o.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(o.Profile))
	}
	if o.Region != "" {
		opts = append(opts, config.WithRegion(o.Region))
	}
	if o.HTTPClient != nil {
		opts = append(opts, config.WithHTTPClient(o.HTTPClient))
	}
	if o.StaticCredentials != nil {
		c := *o.StaticCredentials
		opts = append(opts, config.WithCredentialsProvider(credentials.StaticCredentialsProvider{Value: c}))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		e := classify("", err, "")
		if e.Kind == Unknown || e.Kind == MissingCredentials {
			var noProfile config.SharedConfigProfileNotExistError
			if errors.As(err, &noProfile) {
				e = newConfigError(codeNoProfile, fmt.Sprintf("profile %q is not in the AWS config files", noProfile.Profile))
				e.Err = err
			} else if e.Kind == Unknown {
				e.Kind = Configuration
			}
		}
		e.profile = o.Profile
		return nil, e
	}
	if cfg.Region == "" {
		e := newConfigError(codeNoRegion, "no AWS region is configured")
		e.profile = o.Profile
		return nil, e
	}
	return newClient(cfg, o), nil
}

// NewForEndpoint builds a client for an IVS-compatible endpoint such as the
// embedded emulator, with dummy static credentials and no AWS configuration
// files read. An empty region means DefaultEmulatorRegion. A malformed URL
// gives a client whose calls fail with a Configuration error.
func NewForEndpoint(endpointURL, region string, b budget.Config) *Client {
	if region == "" {
		region = DefaultEmulatorRegion
	}
	cfg := aws.Config{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider("ivsdash", "ivsdash-local", ""),
		Retryer:     newRetryer,
	}
	c := newClient(cfg, Options{EndpointURL: endpointURL, Region: region, Budget: b})
	if err := checkEndpointURL(endpointURL); err != nil {
		c.broken = Classify(err)
	}
	return c
}

func newClient(cfg aws.Config, o Options) *Client {
	c := &Client{
		cfg:     cfg,
		creds:   cfg.Credentials,
		budget:  budget.New(o.Budget),
		profile: o.Profile,
		region:  cfg.Region,
		retries: o.Budget.Retries(),
	}
	if o.Logger != nil {
		c.logger.Store(o.Logger)
	}
	c.api = ivsrealtime.NewFromConfig(cfg, func(io *ivsrealtime.Options) {
		if io.HTTPClient == nil {
			io.HTTPClient = awshttp.NewBuildableClient()
		}
		io.HTTPClient = sdkbody.Client(io.HTTPClient)
		if o.EndpointURL != "" {
			io.BaseEndpoint = aws.String(o.EndpointURL)
		}
		io.APIOptions = append(io.APIOptions, addStackHooks(c.budget, o.timeout()), func(s *middleware.Stack) error {
			return s.Initialize.Add(&c.shared, middleware.Before)
		})
	})
	c.endpointOverride, c.timeout = o.EndpointURL, o.timeout()
	if be := c.api.Options().BaseEndpoint; be != nil && *be != "" {
		c.endpoint = *be
	} else {
		c.endpoint = fmt.Sprintf("https://ivsrealtime.%s.amazonaws.com", c.region)
	}
	return c
}

// newRetryer is the SDK's retryer for this client: one retry of transient
// failures (connection errors, 5xx) and none of throttling. A 429 is handled
// by the budget instead (the group backs off with jitter and slows down, then
// the call is tried again, see budget.Config.ThrottleRetries), because the
// SDK's retryer would retry each throttled call on its own and, with many
// panes polling, keep hammering an account whose quota production shares.
// Its retry-token bucket is off: the budget already bounds the rate.
func newRetryer() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = 2
		o.MaxBackoff = 2 * time.Second
		o.RateLimiter = ratelimit.None
		o.Retryables = append([]retry.IsErrorRetryable{noThrottleRetry{}}, o.Retryables...)
	})
}

type noThrottleRetry struct{}

func (noThrottleRetry) IsErrorRetryable(err error) aws.Ternary {
	var st interface{ HTTPStatusCode() int }
	if errors.As(err, &st) && st.HTTPStatusCode() == http.StatusTooManyRequests {
		return aws.FalseTernary
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && kindOfCode(apiErr.ErrorCode(), 0) == Throttled {
		return aws.FalseTernary
	}
	return aws.UnknownTernary
}

func checkEndpointURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return newConfigError(codeBadURL, fmt.Sprintf("endpoint URL %q is not an http(s) URL with a host", s))
	}
	return nil
}

// Region is the AWS region the client calls.
func (c *Client) Region() string { return c.region }

// AWSConfig is the AWS configuration the client was built from (its
// credentials and region), for the clients of other AWS services that read
// the same account, such as the pushed-events reader's SQS client.
func (c *Client) AWSConfig() aws.Config { return c.cfg.Copy() }

// Endpoint is the base URL the client calls.
func (c *Client) Endpoint() string { return c.endpoint }

// Profile is the AWS profile named with Options.Profile ("" for the default chain).
func (c *Client) Profile() string { return c.profile }

// Shared is what another AWS client (CloudWatch, in package metrics) needs
// to call AWS as this one does: the same configuration and credentials, the
// same budget and middleware, the same endpoint override.
type Shared struct {
	Config      aws.Config
	Budget      *budget.Budget
	EndpointURL string // "" = the service's own endpoint
	Profile     string
	// Hooks put every HTTP attempt through the budget (see middleware.go).
	Hooks func(*middleware.Stack) error
	// Broken is set when every call must fail (a malformed endpoint URL).
	Broken *Error
}

// Shared gives what another AWS client needs to work beside this one.
func (c *Client) Shared() Shared {
	return Shared{Config: c.cfg, Budget: c.budget, EndpointURL: c.endpointOverride, Profile: c.profile,
		Hooks: addStackHooks(c.budget, c.timeout), Broken: c.broken}
}

// Usage reports the budget's last minute, for the status bar.
func (c *Client) Usage() budget.Usage { return c.budget.Usage() }

// SetLogger sets (or with nil, removes) the debug log of calls.
func (c *Client) SetLogger(l *slog.Logger) { c.logger.Store(l) }

// CheckCredentials retrieves the credentials the client would sign with,
// without calling IVS, so the dashboard can say "run aws sso login" before
// the first refresh fails.
func (c *Client) CheckCredentials(ctx context.Context) error {
	if c.creds == nil {
		e := &Error{Kind: MissingCredentials, Message: "no credential provider is configured", profile: c.profile}
		e.Err = errors.New(e.Message)
		return e
	}
	creds, err := c.creds.Retrieve(ctx)
	if err != nil {
		e := classify("", err, "")
		switch e.Kind {
		case ExpiredCredentials, MissingCredentials, Canceled, Timeout:
		default:
			e.Kind = MissingCredentials
		}
		e.profile = c.profile
		return e
	}
	if creds.Expired() {
		return &Error{Kind: ExpiredCredentials, Message: "the credentials expired at " + creds.Expires.Format(time.RFC3339),
			Err: errors.New("credentials expired"), profile: c.profile}
	}
	if !creds.HasKeys() {
		return &Error{Kind: MissingCredentials, Message: "the credentials have no access key",
			Err: errors.New("credentials without keys"), profile: c.profile}
	}
	return nil
}

// call runs one operation through the budget: it retries a 429 answer
// (after the group's backoff, which the budget gate waits for) up to the
// configured number of times, classifies the error and logs the outcome.
func call[O any](ctx context.Context, c *Client, op string, f func(context.Context) (*O, error)) (*O, error) {
	if c.broken != nil {
		e := *c.broken
		e.Op = op
		return nil, &e
	}
	start := time.Now()
	ctx, info := withAttemptInfo(ctx)
	var (
		out *O
		err error
	)
	attempts := 0
	for {
		attempts++
		out, err = f(ctx)
		if err == nil || attempts > c.retries || ctx.Err() != nil || !throttledAnswer(info, err) {
			break
		}
	}
	if err != nil {
		e := c.classify(op, err, info)
		c.log(ctx, op, start, attempts, info, e)
		return nil, e
	}
	c.log(ctx, op, start, attempts, info, nil)
	return out, nil
}

func throttledAnswer(info *attemptInfo, err error) bool {
	return info.status == http.StatusTooManyRequests || KindOf(err) == Throttled
}

func (c *Client) classify(op string, err error, info *attemptInfo) *Error {
	e := classify(op, err, info.message)
	if e.Status == 0 && e.Kind != Network && e.Kind != Timeout && e.Kind != Canceled {
		e.Status = info.status
	}
	if e.RequestID == "" && e.Status != 0 {
		e.RequestID = info.requestID
	}
	e.profile = c.profile
	if e.Kind == Throttled {
		e.RetryAfter = c.budget.BackoffLeft(op)
	}
	return e
}

func (c *Client) log(ctx context.Context, op string, start time.Time, attempts int, info *attemptInfo, e *Error) {
	l := c.logger.Load()
	if l == nil || !l.Enabled(ctx, slog.LevelDebug) {
		return
	}
	outcome := "ok"
	if e != nil {
		outcome = e.Kind.String()
	}
	attrs := []slog.Attr{
		slog.String("op", op),
		slog.Duration("duration", time.Since(start)),
		slog.String("outcome", outcome),
		slog.Int("attempts", attempts),
	}
	if info.status != 0 {
		attrs = append(attrs, slog.Int("status", info.status))
	}
	if info.requestID != "" {
		attrs = append(attrs, slog.String("request_id", info.requestID))
	}
	if e != nil && e.Code != "" {
		attrs = append(attrs, slog.String("code", e.Code))
	}
	l.LogAttrs(ctx, slog.LevelDebug, "ivs call", attrs...)
}

// pager is what the SDK's paginators (ivsrealtime.NewListStagesPaginator, ...) have in common.
type pager[O any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*ivsrealtime.Options)) (*O, error)
}

// maxPages stops an All* helper that a misbehaving server keeps paging.
const maxPages = 1000

// allLimit is the page size of All* helpers: the largest op takes, for the
// fewest calls.
func allLimit(op string) int32 { return int32(ivs.MaxPage(op)) }

// collect walks a paginator to its end, each page one budgeted call. A page
// answered 429 is retried by call; the paginator does not advance on error.
func collect[O, T any](ctx context.Context, c *Client, op string, p pager[O], items func(*O) []T) ([]T, error) {
	var all []T
	for pages := 0; p.HasMorePages(); pages++ {
		if pages == maxPages {
			e := &Error{Kind: Unknown, Op: op, Message: fmt.Sprintf("stopped after %d pages: the server keeps returning a next token", maxPages)}
			e.Err = errors.New(e.Message)
			return nil, e
		}
		out, err := call(ctx, c, op, func(ctx context.Context) (*O, error) { return p.NextPage(ctx) })
		if err != nil {
			return nil, err
		}
		all = append(all, items(out)...)
	}
	return all, nil
}

// PageRequest asks for one page of a list: Token from the previous page's
// NextToken ("" for the first), Max items (0 = the API default, at most the
// operation's largest page: 100, or 50 for ListParticipantReplicas).
type PageRequest struct {
	Token string
	Max   int
}

// params checks a PageRequest and turns it into the SDK's pointers.
func (r PageRequest) params(op string) (token *string, max *int32, err error) {
	if limit := ivs.MaxPage(op); r.Max < 0 || r.Max > limit {
		e := &Error{Kind: Validation, Op: op, Message: fmt.Sprintf("max results must be between 1 and %d (or 0 for the default), not %d", limit, r.Max)}
		e.Err = errors.New(e.Message)
		return nil, nil, e
	}
	if r.Max > 0 {
		max = aws.Int32(int32(r.Max))
	}
	return optString(r.Token), max, nil
}

// invalid is a request this client refuses before calling IVS.
func invalid(op, format string, args ...any) error {
	e := &Error{Kind: Validation, Op: op, Message: fmt.Sprintf(format, args...)}
	e.Err = errors.New(e.Message)
	return e
}

// invoke runs one SDK operation through call.
func invoke[I, O any](ctx context.Context, c *Client, op string, f func(context.Context, *I, ...func(*ivsrealtime.Options)) (*O, error), in *I) (*O, error) {
	return call(ctx, c, op, func(ctx context.Context) (*O, error) { return f(ctx, in) })
}

// required refuses an empty identifier before it costs an API call.
func required(op string, fields ...string) error {
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i+1] == "" {
			return invalid(op, "%s is required", fields[i])
		}
	}
	return nil
}

// malformed is an answer IVS should not have given.
func malformed(op, msg string) error {
	e := &Error{Kind: Unknown, Op: op, Message: msg}
	e.Err = errors.New(msg)
	return e
}
