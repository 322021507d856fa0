package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/ivsdash/ivsdash/service/budget"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// Kind is the class of a failed call: what the dashboard says and what the
// person can do about it depend on it, not on the exact AWS error type.
//
// A Kind is also an error, so errors.Is(err, service.NotFound) works on any
// error that Classify would put in that class.
type Kind int

const (
	Unknown Kind = iota
	NotFound
	Validation
	Conflict
	QuotaExceeded // 402: a resource quota (e.g. 3 public keys), not a rate
	Throttled     // 429: a call rate quota
	AccessDenied
	PendingVerification
	ExpiredCredentials
	MissingCredentials
	Network
	Timeout
	Canceled
	Internal
	Configuration // the client itself is set up wrong: no region, bad endpoint, unknown profile
	// MetricsAccessDenied is an access denied by CloudWatch: the panes say
	// once that cloudwatch:GetMetricData is missing, and the rest works.
	MetricsAccessDenied
)

var kindNames = [...]string{
	Unknown:             "unknown error",
	NotFound:            "not found",
	Validation:          "invalid request",
	Conflict:            "conflict",
	QuotaExceeded:       "quota exceeded",
	Throttled:           "throttled",
	AccessDenied:        "access denied",
	PendingVerification: "account pending verification",
	ExpiredCredentials:  "expired credentials",
	MissingCredentials:  "no credentials",
	Network:             "network error",
	Timeout:             "timeout",
	Canceled:            "canceled",
	Internal:            "AWS internal error",
	Configuration:       "configuration error",
	MetricsAccessDenied: "no CloudWatch permission",
}

// String names the kind in words.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return kindNames[Unknown]
	}
	return kindNames[k]
}

// Error lets a Kind be the target of errors.Is.
func (k Kind) Error() string { return k.String() }

// Error is a classified failure of one IVS call.
type Error struct {
	Kind       Kind
	Op         string        // the API operation, e.g. GetStage
	Code       string        // the AWS error type, e.g. ResourceNotFoundException
	Message    string        // the AWS exceptionMessage (or the cause in words)
	Status     int           // HTTP status, 0 when no response came
	RequestID  string        // x-amzn-RequestId, for AWS support
	RetryAfter time.Duration // on Throttled: how long the client backs off
	Err        error         // the original error

	// profile names the AWS profile in hints ("aws sso login --profile X").
	profile string
}

// Error is the technical one-line form, for logs.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(e.Kind.String())
	if e.Code != "" {
		b.WriteString(" (")
		b.WriteString(e.Code)
		if e.Status != 0 {
			fmt.Fprintf(&b, ", HTTP %d", e.Status)
		}
		b.WriteString(")")
	} else if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.Status)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" [request id ")
		b.WriteString(e.RequestID)
		b.WriteString("]")
	}
	return b.String()
}

// Unwrap gives errors.Is and errors.As the original error.
func (e *Error) Unwrap() error { return e.Err }

// Is matches a Kind target: errors.Is(err, service.Throttled).
func (e *Error) Is(target error) bool {
	k, ok := target.(Kind)
	return ok && k == e.Kind
}

// Human is a short sentence a person can act on; it carries the AWS
// exceptionMessage when there is one, since that often names the bad field.
func (e *Error) Human() string {
	what := e.Op
	if what == "" {
		what = "The call"
	}
	var s string
	switch e.Kind {
	case NotFound:
		s = "Not found"
	case Validation:
		s = "IVS rejected the request"
	case Conflict:
		s = "Conflict: the resource is in use or changed state"
	case QuotaExceeded:
		s = "A service quota is reached"
	case Throttled:
		s = "AWS is throttling " + what + " calls"
		if e.RetryAfter > 0 {
			s += fmt.Sprintf("; backing off for %s", e.RetryAfter.Round(100*time.Millisecond))
		}
	case AccessDenied:
		s = "Access denied to " + what
	case PendingVerification:
		s = "The AWS account is pending verification"
	case ExpiredCredentials:
		s = "The AWS credentials have expired or were rejected"
	case MissingCredentials:
		s = "No AWS credentials were found"
	case Network:
		s = "Cannot reach the IVS API"
	case Timeout:
		s = what + " timed out"
	case Canceled:
		s = what + " was canceled"
	case Internal:
		s = "IVS had an internal error"
	case Configuration:
		s = "Not configured to reach IVS" // no program name: the command line puts "ivsdash: " before it
	case MetricsAccessDenied:
		s = "No permission to read the broadcast's CloudWatch metrics"
	default:
		s = what + " failed"
	}
	if e.Message != "" && e.Message != e.Code {
		s += ": " + e.Message
	}
	return strings.TrimRight(s, ". ") + "."
}

// Hint is the fix, or "" when there is nothing better to do than read Human.
func (e *Error) Hint() string {
	profile := ""
	if e.profile != "" {
		profile = " --profile " + e.profile
	}
	switch e.Kind {
	case NotFound:
		return "refresh: it may have been deleted, or it lives in another region (check --region)"
	case Validation:
		return "check the values entered against the limits IVS documents"
	case Conflict:
		return "refresh and try again once the resource is no longer in use"
	case QuotaExceeded:
		return "delete resources you no longer need, or ask for a higher quota in Service Quotas"
	case Throttled:
		return "lower the request rate (--budget, fewer polling panes, or press p to pause): the quota is shared with production"
	case AccessDenied:
		op := e.Op
		if op == "" {
			op = "*"
		}
		return "grant ivs:" + op + " to the role or user of this profile, or use another --profile"
	case MetricsAccessDenied:
		return "grant cloudwatch:GetMetricData and cloudwatch:ListMetrics to the role or user of this profile (everything else works without them), or pass --no-metrics"
	case PendingVerification:
		return "wait for AWS to verify the account, or contact AWS Support"
	case ExpiredCredentials:
		return "run `aws sso login" + profile + "` (or refresh the profile's keys)"
	case MissingCredentials:
		return "run `aws configure" + profile + "` or `aws sso login" + profile + "`, set AWS_PROFILE, or try --demo to explore without AWS"
	case Network:
		return "check the network, --region and --endpoint-url; or try --demo to run without AWS"
	case Timeout:
		if e.Code == codeBudgetWait {
			return "throttling backoff: the dashboard holds calls back after AWS throttled them and resumes by itself; if it persists, lower --budget or press p to pause"
		}
		return "check the network and --endpoint-url; the dashboard retries on the next refresh"
	case Internal:
		return "try again shortly; if it persists, report the request id to AWS Support"
	case Configuration:
		if e.Code == codeNoRegion {
			return "pass --region (e.g. --region us-east-1) or set AWS_REGION"
		}
		return "check --profile, --region and --endpoint-url"
	}
	return ""
}

// Error codes of failures that never reached AWS.
const (
	codeNoRegion   = "NoRegion"
	codeBadURL     = "InvalidEndpointURL"
	codeNoProfile  = "ProfileNotFound"
	codeBudgetWait = "BudgetWait"
)

// Classify turns any error from this package or the SDK into an *Error.
// It returns nil for nil and the error itself when it is one already.
func Classify(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return classify("", err, "")
}

// KindOf is the class of err, Unknown for nil.
func KindOf(err error) Kind {
	if err == nil {
		return Unknown
	}
	return Classify(err).Kind
}

// IsNotFound and friends are shorthands for the kinds the dashboard branches on.
func IsNotFound(err error) bool     { return err != nil && KindOf(err) == NotFound }
func IsThrottled(err error) bool    { return err != nil && KindOf(err) == Throttled }
func IsValidation(err error) bool   { return err != nil && KindOf(err) == Validation }
func IsConflict(err error) bool     { return err != nil && KindOf(err) == Conflict }
func IsAccessDenied(err error) bool { return err != nil && KindOf(err) == AccessDenied }
func IsCanceled(err error) bool     { return err != nil && KindOf(err) == Canceled }
func IsCredentials(err error) bool {
	k := KindOf(err)
	return k == ExpiredCredentials || k == MissingCredentials
}
func IsNetwork(err error) bool       { k := KindOf(err); return err != nil && (k == Network || k == Timeout) }
func IsQuotaExceeded(err error) bool { return err != nil && KindOf(err) == QuotaExceeded }

// classify does the work of Classify; bodyMessage is the exceptionMessage read
// off the wire by the client's middleware, used when the SDK dropped it (it
// does for error types an operation does not model).
func classify(op string, err error, bodyMessage string) *Error {
	e := &Error{Op: op, Err: err, Kind: Unknown}

	var opErr *smithy.OperationError
	if errors.As(err, &opErr) && e.Op == "" {
		e.Op = opErr.OperationName
	}
	var respErr *awshttp.ResponseError
	if errors.As(err, &respErr) {
		e.RequestID = respErr.ServiceRequestID()
		e.Status = respErr.HTTPStatusCode()
	}

	if classifyModeled(e, err) {
		if e.Message == "" {
			e.Message = bodyMessage
		}
		e.Message = scrub(e.Message)
		return e
	}

	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		e.Code = apiErr.ErrorCode()
		// The SDK's generic error says "UnknownError" or repeats the code when
		// the body had no "message"; the exceptionMessage then only survives
		// in bodyMessage.
		if m := apiErr.ErrorMessage(); m != "" && m != e.Code && m != "UnknownError" {
			e.Message = m
		} else {
			e.Message = bodyMessage
		}
		e.Kind = kindOfCode(e.Code, e.Status)
		e.Message = scrub(e.Message)
		return e
	}

	// An answer came but could not be read: cut short, or not JSON (a
	// proxy's error page). Its inner io.ErrUnexpectedEOF must not make it
	// read as "the connection closed before an answer came".
	var de *smithy.DeserializationError
	if errors.As(err, &de) {
		e.Kind, e.Message = Internal, "the answer could not be read (cut short, or not JSON): "+de.Err.Error()
		if e.Status >= 300 {
			e.Kind = kindOfCode("", e.Status)
		}
		e.Message = scrub(e.Message)
		return e
	}

	e.Kind, e.Message = classifyTransport(err)
	var bw *budget.WaitError
	if errors.As(err, &bw) && e.Kind == Timeout {
		e.Code = codeBudgetWait // held back by the budget, not lost on the network
	}
	if e.Kind == Unknown && e.Status != 0 {
		e.Kind = kindOfCode("", e.Status)
	}
	e.Message = scrub(e.Message)
	return e
}

// classifyModeled handles the seven error types the IVS model declares. Their
// Error() prints an empty message: the text is in ExceptionMessage.
func classifyModeled(e *Error, err error) bool {
	var (
		nf  *types.ResourceNotFoundException
		ve  *types.ValidationException
		ce  *types.ConflictException
		qe  *types.ServiceQuotaExceededException
		ad  *types.AccessDeniedException
		pv  *types.PendingVerification
		ise *types.InternalServerException
	)
	switch {
	case errors.As(err, &nf):
		e.Kind, e.Code, e.Message = NotFound, nf.ErrorCode(), firstNonEmpty(nf.ExceptionMessage, nf.Message)
	case errors.As(err, &ve):
		e.Kind, e.Code, e.Message = Validation, ve.ErrorCode(), firstNonEmpty(ve.ExceptionMessage, ve.Message)
	case errors.As(err, &ce):
		e.Kind, e.Code, e.Message = Conflict, ce.ErrorCode(), firstNonEmpty(ce.ExceptionMessage, ce.Message)
	case errors.As(err, &qe):
		e.Kind, e.Code, e.Message = QuotaExceeded, qe.ErrorCode(), firstNonEmpty(qe.ExceptionMessage, qe.Message)
	case errors.As(err, &ad):
		e.Kind, e.Code, e.Message = AccessDenied, ad.ErrorCode(), firstNonEmpty(ad.ExceptionMessage, ad.Message)
	case errors.As(err, &pv):
		e.Kind, e.Code, e.Message = PendingVerification, pv.ErrorCode(), firstNonEmpty(pv.ExceptionMessage, pv.Message)
	case errors.As(err, &ise):
		e.Kind, e.Code, e.Message = Internal, ise.ErrorCode(), firstNonEmpty(ise.ExceptionMessage, ise.Message)
	default:
		return false
	}
	return true
}

func firstNonEmpty(ps ...*string) string {
	for _, p := range ps {
		if s := aws.ToString(p); s != "" {
			return s
		}
	}
	return ""
}

// kindOfCode classifies AWS error types the model does not declare (throttling,
// credential errors from the auth layer) and falls back on the HTTP status.
func kindOfCode(code string, status int) Kind {
	switch code {
	case ivs.ErrResourceNotFound, "NotFoundException", "UnknownOperationException":
		return NotFound
	case ivs.ErrValidation, "SerializationException", "InvalidParameterException", "InvalidParameterValueException":
		return Validation
	case ivs.ErrConflict:
		return Conflict
	case ivs.ErrServiceQuotaExceeded:
		return QuotaExceeded
	case ivs.ErrThrottling, "Throttling", "ThrottledException", "TooManyRequestsException",
		"RequestThrottled", "RequestThrottledException", "RequestLimitExceeded", "LimitExceededException", "SlowDown":
		return Throttled
	case ivs.ErrAccessDenied, "AccessDenied", "UnauthorizedOperation", "MissingAuthenticationTokenException":
		return AccessDenied
	case ivs.ErrPendingVerification:
		return PendingVerification
	case "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
		"InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature", "RequestExpired":
		return ExpiredCredentials
	case ivs.ErrInternalServer, "InternalFailure", "ServiceUnavailableException", "ServiceUnavailable":
		return Internal
	}
	switch {
	case status == http.StatusTooManyRequests:
		return Throttled
	case status == http.StatusNotFound:
		return NotFound
	case status == http.StatusConflict:
		return Conflict
	case status == http.StatusPaymentRequired:
		return QuotaExceeded
	case status == http.StatusForbidden:
		return AccessDenied
	case status == http.StatusUnauthorized:
		return ExpiredCredentials
	case status >= 500:
		return Internal
	case status >= 400:
		return Validation
	}
	return Unknown
}

// classifyTransport handles failures before or instead of an AWS answer:
// credentials, the network, the context, client-side parameter checks.
func classifyTransport(err error) (Kind, string) {
	var bw *budget.WaitError
	if errors.As(err, &bw) {
		if errors.Is(bw.Err, context.Canceled) {
			return Canceled, "canceled while waiting for the API budget"
		}
		return Timeout, "the deadline passed while waiting for the API budget (calls are rate limited client-side)"
	}
	if errors.Is(err, context.Canceled) {
		return Canceled, "canceled"
	}

	// Credential problems come first: a failed SSO refresh can carry a
	// network or timeout error inside.
	var ssoErr *ssocreds.InvalidTokenError
	if errors.As(err, &ssoErr) {
		return ExpiredCredentials, "the SSO session has expired or is invalid"
	}
	var noProfile config.SharedConfigProfileNotExistError
	if errors.As(err, &noProfile) {
		return MissingCredentials, fmt.Sprintf("profile %q is not in the AWS config files", noProfile.Profile)
	}
	// A deadline can pass while credentials are fetched: still a timeout.
	if errors.Is(err, context.DeadlineExceeded) {
		return Timeout, "no answer before the deadline"
	}
	msg := err.Error()
	low := strings.ToLower(msg)
	switch {
	case strings.Contains(low, "expired") && (strings.Contains(low, "token") || strings.Contains(low, "credential") || strings.Contains(low, "sso")):
		return ExpiredCredentials, credentialCause(msg)
	case strings.Contains(low, "no ec2 imds role found"),
		strings.Contains(low, "failed to retrieve credentials"),
		strings.Contains(low, "failed to refresh cached credentials"),
		strings.Contains(low, "static credentials are empty"),
		strings.Contains(low, "get identity"),
		strings.Contains(low, "anonymous credentials"):
		return MissingCredentials, credentialCause(msg)
	}

	var invalid smithy.InvalidParamsError
	if errors.As(err, &invalid) {
		return Validation, invalid.Error()
	}

	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return Timeout, "no answer before the deadline: " + innermost(err)
	}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var urlErr *url.Error
	switch {
	case errors.As(err, &dnsErr):
		return Network, "cannot resolve " + dnsErr.Name
	case errors.Is(err, syscall.ECONNREFUSED):
		return Network, "connection refused: " + innermost(err)
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return Network, "connection reset: " + innermost(err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return Network, "the connection closed before an answer came"
	case errors.As(err, &opErr), errors.As(err, &urlErr):
		return Network, innermost(err)
	}
	var sendErr *smithyhttp.RequestSendError
	if errors.As(err, &sendErr) {
		return Network, innermost(err)
	}
	return Unknown, innermost(err)
}

// credentialCause keeps the readable end of a credential chain error, which
// the SDK nests several levels deep.
func credentialCause(msg string) string {
	if i := strings.Index(msg, "failed to "); i >= 0 {
		return msg[i:]
	}
	return msg
}

// innermost is the text of the deepest error in a chain, which is the one a
// person can read ("dial tcp 127.0.0.1:1: connect: connection refused"),
// without the SDK's "operation error ..." prefix.
func innermost(err error) string {
	// The HTTP request's own error says what was sent where ("Post
	// \"http://127.0.0.1:1/ListStages\": dial tcp …"); the SDK's wrappers
	// around it ("https response error StatusCode: 0", whatever the
	// scheme) only add noise.
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Error()
	}
	msg := err.Error()
	var opErr *smithy.OperationError
	if errors.As(err, &opErr) && opErr.Err != nil {
		msg = opErr.Err.Error()
	}
	return msg
}

// Tokens (JWTs) and stream keys must never reach an error string, even if a
// server were to echo one.
var (
	jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)
	// Stream keys: IVS Real-Time ingest keys (rt_<account>_<region>_<id>_<secret>)
	// and low-latency channel keys (sk_<region>_<secret>).
	streamKeyPattern = regexp.MustCompile(`(?:rt_[0-9]{12}_[a-z0-9-]+_[A-Za-z0-9]+_[A-Za-z0-9]{8,}|sk_[a-z0-9-]+_[A-Za-z0-9]{8,})`)
)

func scrub(s string) string {
	if s == "" {
		return s
	}
	s = jwtPattern.ReplaceAllString(s, maskedSecret)
	return streamKeyPattern.ReplaceAllString(s, maskedSecret)
}

// newConfigError is a failure of the client's own setup.
func newConfigError(code, msg string) *Error {
	return &Error{Kind: Configuration, Code: code, Message: msg, Err: errors.New(msg)}
}
