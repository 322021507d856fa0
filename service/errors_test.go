package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"
	"github.com/aws/smithy-go"
)

func TestClassifyModeledErrorsKeepExceptionMessage(t *testing.T) {
	msg := "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint"
	cases := []struct {
		err  error
		kind Kind
	}{
		{&types.ValidationException{ExceptionMessage: aws.String(msg)}, Validation},
		{&types.ResourceNotFoundException{ExceptionMessage: aws.String(msg)}, NotFound},
		{&types.ConflictException{ExceptionMessage: aws.String(msg)}, Conflict},
		{&types.ServiceQuotaExceededException{ExceptionMessage: aws.String(msg)}, QuotaExceeded},
		{&types.AccessDeniedException{ExceptionMessage: aws.String(msg)}, AccessDenied},
		{&types.PendingVerification{ExceptionMessage: aws.String(msg)}, PendingVerification},
		{&types.InternalServerException{ExceptionMessage: aws.String(msg)}, Internal},
	}
	for _, c := range cases {
		// Wrapped the way the SDK wraps them.
		wrapped := &smithy.OperationError{ServiceID: "IVS RealTime", OperationName: "GetStage", Err: fmt.Errorf("https response error: %w", c.err)}
		e := Classify(wrapped)
		if e.Kind != c.kind {
			t.Errorf("%T: kind %v, want %v", c.err, e.Kind, c.kind)
		}
		if e.Op != "GetStage" || e.Message != msg || e.Code == "" {
			t.Errorf("%T: %+v", c.err, e)
		}
		if !strings.Contains(e.Human(), msg) {
			t.Errorf("%T: Human() %q lacks the exceptionMessage", c.err, e.Human())
		}
		if !errors.Is(e, c.kind) || !errors.Is(wrapped, c.err) {
			t.Errorf("%T: errors.Is does not see the kind or the cause", c.err)
		}
		if e.Hint() == "" {
			t.Errorf("%T: no hint", c.err)
		}
	}
}

func TestClassifyGenericAPIErrors(t *testing.T) {
	cases := map[string]Kind{
		"ThrottlingException":         Throttled,
		"TooManyRequestsException":    Throttled,
		"ExpiredTokenException":       ExpiredCredentials,
		"ExpiredToken":                ExpiredCredentials,
		"InvalidClientTokenId":        ExpiredCredentials,
		"UnrecognizedClientException": ExpiredCredentials,
		"AccessDeniedException":       AccessDenied,
		"PendingVerification":         PendingVerification,
		"SomethingNew":                Unknown,
	}
	for code, want := range cases {
		e := Classify(&smithy.GenericAPIError{Code: code, Message: "m"})
		if e.Kind != want || e.Code != code || e.Message != "m" {
			t.Errorf("%s: %+v, want kind %v", code, e, want)
		}
	}
}

func TestClassifyTransportErrors(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want Kind
	}{
		{"canceled", fmt.Errorf("op: %w", context.Canceled), Canceled},
		{"deadline", fmt.Errorf("op: %w", context.DeadlineExceeded), Timeout},
		{"refused", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, Network},
		{"reset", &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, Network},
		{"dns", &net.DNSError{Name: "ivsrealtime.nowhere.invalid", Err: "no such host", IsNotFound: true}, Network},
		{"eof", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), Network},
		{"no creds", errors.New("get identity: failed to retrieve credentials: no EC2 IMDS role found"), MissingCredentials},
		{"sso expired", errors.New("refresh cached SSO token failed: cached SSO token is expired"), ExpiredCredentials},
		{"params", smithy.InvalidParamsError{Context: "GetStageInput"}, Validation},
		{"other", errors.New("something odd"), Unknown},
	}
	for _, c := range cases {
		e := Classify(c.err)
		if e.Kind != c.want {
			t.Errorf("%s: kind %v, want %v (%v)", c.name, e.Kind, c.want, e.Message)
		}
		var params smithy.InvalidParamsError
		if c.name == "params" {
			// Not comparable (it holds a slice): errors.As, not errors.Is.
			if !errors.As(e, &params) {
				t.Errorf("%s: the cause is lost", c.name)
			}
		} else if !errors.Is(e, c.err) {
			t.Errorf("%s: the cause is lost", c.name)
		}
	}
	if Classify(nil) != nil || KindOf(nil) != Unknown || IsNotFound(nil) || IsCredentials(nil) || IsNetwork(nil) {
		t.Error("nil is not an error of any kind")
	}
}

func TestClassifyIsIdempotent(t *testing.T) {
	e := &Error{Kind: Conflict, Op: "DeleteStage", Message: "in use"}
	wrapped := fmt.Errorf("deleting: %w", e)
	if Classify(wrapped) != e || !IsConflict(wrapped) || !errors.Is(wrapped, Conflict) || errors.Is(wrapped, NotFound) {
		t.Error("an *Error must classify as itself")
	}
}

func TestErrorsNeverShowSecrets(t *testing.T) {
	jwt := "eyJhbGciOiJFUzM4NCJ9.eyJqdGkiOiJwYXJ0aWNpcGFudCJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
	key := "sk_us-east-1_abcdefghijklmnopqrstuvwxyz0123456789ABCD"
	e := Classify(&types.ValidationException{ExceptionMessage: aws.String("bad token " + jwt + " and key " + key)})
	for _, s := range []string{e.Error(), e.Human(), e.Message} {
		if strings.Contains(s, jwt) || strings.Contains(s, key) || strings.Contains(s, "eyJhbGci") {
			t.Errorf("secret leaked: %q", s)
		}
	}
	if !strings.Contains(e.Message, maskedSecret) {
		t.Errorf("secret not masked: %q", e.Message)
	}
}

func TestHintsNameTheFix(t *testing.T) {
	e := &Error{Kind: ExpiredCredentials, profile: "prod"}
	if h := e.Hint(); !strings.Contains(h, "aws sso login --profile prod") {
		t.Errorf("expired hint: %q", h)
	}
	if h := (&Error{Kind: MissingCredentials}).Hint(); !strings.Contains(h, "--demo") {
		t.Errorf("missing credentials hint: %q", h)
	}
	if h := newConfigError(codeNoRegion, "no region").Hint(); !strings.Contains(h, "--region") || !strings.Contains(h, "AWS_REGION") {
		t.Errorf("no region hint: %q", h)
	}
	if h := (&Error{Kind: Throttled}).Hint(); !strings.Contains(h, "rate") {
		t.Errorf("throttled hint: %q", h)
	}
	if h := (&Error{Kind: AccessDenied, Op: "DeleteStage"}).Hint(); !strings.Contains(h, "ivs:DeleteStage") {
		t.Errorf("access denied hint: %q", h)
	}
	if Kind(99).String() != "unknown error" || Kind(-1).String() != "unknown error" {
		t.Error("out of range kinds must read as unknown")
	}
}

func TestScrubMasksTokensAndStreamKeys(t *testing.T) {
	rt := "rt_123456789012_us-east-1_AbCdEfGh1234_" + strings.Repeat("Zq9", 15)
	sk := "sk_us-west-2_abcDEF1234567890"
	jwt := "eyJhbGciOiJFUzM4NCJ9.eyJleHAiOjE3OTU2Nzc1MTl9.c2lnbmF0dXJl"
	in := "key " + rt + " and " + sk + " and token " + jwt + " end"
	out := scrub(in)
	for _, secret := range []string{rt, sk, jwt, "Zq9Zq9"} {
		if strings.Contains(out, secret) {
			t.Fatalf("scrub left %q in %q", secret, out)
		}
	}
	if !strings.HasPrefix(out, "key ") || !strings.HasSuffix(out, " end") {
		t.Fatalf("scrub removed more than the secrets: %q", out)
	}
}
