package ivs

// API error types (the x-amzn-ErrorType header) and the HTTP status each is
// answered with.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/CommonErrors.html
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_CreateStage.html#API_CreateStage_Errors
const (
	ErrValidation           = "ValidationException"
	ErrServiceQuotaExceeded = "ServiceQuotaExceededException"
	ErrAccessDenied         = "AccessDeniedException"
	ErrPendingVerification  = "PendingVerification"
	ErrResourceNotFound     = "ResourceNotFoundException"
	ErrConflict             = "ConflictException"
	ErrInternalServer       = "InternalServerException"
	// ErrThrottling is what AWS answers an over-quota call with (429); the
	// service model declares no throttling shape, the SDK retries it.
	ErrThrottling = "ThrottlingException"
)

// ErrorStatus is the HTTP status of each API error type.
var ErrorStatus = map[string]int{
	ErrValidation:           400,
	ErrServiceQuotaExceeded: 402,
	ErrAccessDenied:         403,
	ErrPendingVerification:  403,
	ErrResourceNotFound:     404,
	ErrConflict:             409,
	ErrThrottling:           429,
	ErrInternalServer:       500,
}
