package emulator

import (
	"fmt"
	"net/http"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// Error is an error the emulator answers with, in the shape AWS uses: Code
// goes to the x-amzn-ErrorType header, Message to the exceptionMessage of the
// JSON body, Status is the HTTP status. The in-process control methods
// (Join, Publish, ...) return *Error too, so tests can check Code.
type Error struct {
	Code    string
	Status  int
	Message string
	// EventErrorCode is set when a control call failed the way a client SDK
	// would and the emulator recorded a *_ERROR participant event for it
	// (e.g. INSUFFICIENT_CAPABILITIES on a publish without PUBLISH).
	EventErrorCode string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// AWS error types of the ivs-realtime model, plus the generic ones AWS
// front ends answer with.
const (
	CodeValidation       = ivs.ErrValidation
	CodeNotFound         = ivs.ErrResourceNotFound
	CodeConflict         = ivs.ErrConflict
	CodeQuotaExceeded    = ivs.ErrServiceQuotaExceeded
	CodeAccessDenied     = ivs.ErrAccessDenied
	CodeInternal         = ivs.ErrInternalServer
	CodeThrottling       = ivs.ErrThrottling
	CodeUnknownOperation = "UnknownOperationException"
	CodeMethodNotAllowed = "MethodNotAllowedException"
)

// statusOf is the HTTP status of an error type: the API's from the
// catalogue, and the two the emulator's router answers.
func statusOf(code string) int {
	switch code {
	case CodeUnknownOperation:
		return http.StatusNotFound
	case CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	}
	return ivs.ErrorStatus[code]
}

func newError(code, format string, a ...any) *Error {
	return &Error{Code: code, Status: statusOf(code), Message: fmt.Sprintf(format, a...)}
}

func validationError(format string, a ...any) *Error {
	return newError(CodeValidation, format, a...)
}

// notFound names the missing resource by its ARN (or id), as IVS does.
func notFound(what string) *Error {
	return newError(CodeNotFound, "Resource: %s not found", what)
}

func conflict(format string, a ...any) *Error { return newError(CodeConflict, format, a...) }

func quotaExceeded(format string, a ...any) *Error {
	return newError(CodeQuotaExceeded, format, a...)
}

func accessDenied(format string, a ...any) *Error {
	return newError(CodeAccessDenied, format, a...)
}

// eventError is a failed control call that recorded a *_ERROR event.
func eventError(code, eventCode, format string, a ...any) *Error {
	e := newError(code, format, a...)
	e.EventErrorCode = eventCode
	return e
}
