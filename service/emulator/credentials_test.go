package emulator

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime"
	"github.com/aws/aws-sdk-go-v2/service/ivsrealtime/types"

	"github.com/ivsdash/ivsdash/service"
)

func TestCredentialModes(t *testing.T) {
	v := startFast(t)
	arn := aws.ToString(v.stage("s").Arn)
	equal(t, "default mode", v.e.CredentialMode(), CredentialsOK)

	noErr(t, v.e.SetCredentialMode(CredentialsExpired))
	err := v.listStages()
	wantCode(t, err, "ExpiredTokenException", "The security token included in the request is expired")
	equal(t, "status", httpStatus(err), 403)
	se := wantKind(t, err, service.ExpiredCredentials)
	if !strings.Contains(se.Hint(), "aws sso login") {
		t.Errorf("hint %q", se.Hint())
	}

	noErr(t, v.e.SetCredentialMode(CredentialsDenied))
	// ListStages does not declare AccessDeniedException: the SDK's generic
	// error carries the code.
	err = v.listStages()
	wantCode(t, err, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/ivsdash is not authorized to perform: ivs:ListStages")
	equal(t, "status", httpStatus(err), 403)
	wantKind(t, err, service.AccessDenied)
	// CreateParticipantToken declares it: the typed error.
	_, err = v.c.CreateParticipantToken(v.ctx, &ivsrealtime.CreateParticipantTokenInput{StageArn: aws.String(arn)})
	var typed *types.AccessDeniedException
	if !errors.As(err, &typed) || !strings.Contains(aws.ToString(typed.ExceptionMessage), "ivs:CreateParticipantToken") {
		t.Fatalf("CreateParticipantToken: %v", err)
	}
	if se := wantKind(t, err, service.AccessDenied); !strings.Contains(se.Hint(), "ivs:CreateParticipantToken") {
		t.Errorf("hint %q", se.Hint())
	}

	noErr(t, v.e.SetCredentialMode(CredentialsOK))
	noErr(t, v.listStages())
	equal(t, "refused calls", v.e.Refused()["ListStages"], 2)
	equal(t, "a refused mutation still shows", v.e.Mutations()["CreateParticipantToken"], 1)

	err = v.e.SetCredentialMode("stale")
	wantCodeOf(t, err, CodeValidation, `credential mode "stale" is not one of ok, expired, denied, unverified`)

	// An unverified account reads, but cannot create or mint.
	noErr(t, v.e.SetCredentialMode(CredentialsUnverified))
	noErr(t, v.listStages())
	_, err = v.c.CreateParticipantToken(v.ctx, &ivsrealtime.CreateParticipantTokenInput{StageArn: aws.String(arn)})
	var pending *types.PendingVerification
	if !errors.As(err, &pending) || !strings.Contains(aws.ToString(pending.ExceptionMessage), "pending verification") {
		t.Fatalf("CreateParticipantToken on an unverified account: %v", err)
	}
	equal(t, "status", httpStatus(err), 403)
	wantKind(t, err, service.PendingVerification)
	noErr(t, v.e.SetCredentialMode(CredentialsOK))
}

func TestCredentialsEndpoint(t *testing.T) {
	v := startFast(t)
	r := v.post("/_emulator/credentials", map[string]string{"mode": "denied"})
	equal(t, "status", r.status, 200)
	equal(t, "mode", r.json(t)["mode"], any("denied"))
	wantCode(t, v.listStages(), "AccessDeniedException", "")
	equal(t, "GET", v.raw(http.MethodGet, "/_emulator/credentials", "").json(t)["mode"], any("denied"))
	wantRawError(t, v.post("/_emulator/credentials", map[string]string{"mode": ""}), 400, "ValidationException")
	wantRawError(t, v.post("/_emulator/credentials", map[string]string{"mode": "EXPIRED"}), 400, "ValidationException")
	equal(t, "a bad mode leaves the mode", v.e.CredentialMode(), CredentialsDenied)
	v.post("/_emulator/credentials", map[string]string{"mode": "ok"})
	noErr(t, v.listStages())
}

// wantCodeOf checks an in-process *Error.
func wantCodeOf(t *testing.T, err error, code, fragment string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || e.Code != code || !strings.Contains(e.Message, fragment) {
		t.Fatalf("error %v, want %s with %q", err, code, fragment)
	}
}
