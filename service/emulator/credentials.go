package emulator

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/ivsdash/ivsdash/service/emulator/bus"
	"github.com/ivsdash/ivsdash/service/emulator/queues"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// Credential modes stand in for what AWS's authentication layer answers
// when the caller's credentials stop working mid-run, so a client's
// handling of it can be tested: every AWS operation (never /_emulator/*)
// is answered 403 until the mode is back to ok.
const (
	CredentialsOK      = "ok"
	CredentialsExpired = "expired" // 403 ExpiredTokenException
	CredentialsDenied  = "denied"  // 403 AccessDeniedException naming ivs:<Operation>
	// An account AWS has not verified yet: the operations that declare
	// PendingVerification (creating, changing, deleting, minting) answer
	// 403 PendingVerification; reads work.
	CredentialsUnverified = "unverified"
)

var credentialModes = []string{CredentialsOK, CredentialsExpired, CredentialsDenied, CredentialsUnverified}

// CodeExpiredToken is the error type AWS answers for expired session
// credentials; the ivs-realtime model does not declare it.
const CodeExpiredToken = "ExpiredTokenException"

// SetCredentialMode switches how AWS operations treat the caller's
// credentials: "ok" (the default), "expired", "denied" or "unverified".
func (e *Emulator) SetCredentialMode(mode string) error {
	for i, m := range credentialModes {
		if m == mode {
			e.cred.Store(int32(i))
			return nil
		}
	}
	return validationError("credential mode %q is not one of ok, expired, denied, unverified", shown(mode))
}

// CredentialMode is the mode in force.
func (e *Emulator) CredentialMode() string { return credentialModes[e.cred.Load()] }

// credentialError is the answer to op under the mode in force, or nil.
func (e *Emulator) credentialError(op string) *Error {
	switch e.CredentialMode() {
	case CredentialsExpired:
		return &Error{Code: CodeExpiredToken, Status: http.StatusForbidden,
			Message: "The security token included in the request is expired"}
	case CredentialsDenied:
		return &Error{Code: CodeAccessDenied, Status: http.StatusForbidden,
			Message: fmt.Sprintf("User: arn:aws:iam::%s:user/ivsdash is not authorized to perform: %s:%s because no identity-based policy allows the %[2]s:%[3]s action", e.opts.Account, iamPrefix(op), op)}
	case CredentialsUnverified:
		if slices.Contains(modelErrors[op], ivs.ErrPendingVerification) {
			return &Error{Code: ivs.ErrPendingVerification, Status: http.StatusForbidden,
				Message: "Your account is pending verification; contact AWS Support to complete it"}
		}
	}
	return nil
}

// iamPrefix is the IAM service prefix of an operation the emulator serves.
func iamPrefix(op string) string {
	switch {
	case slices.Contains(queues.Operations, op):
		return "sqs"
	case slices.Contains(bus.Operations, op):
		return "events"
	}
	return "ivs"
}
