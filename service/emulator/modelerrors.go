package emulator

import "slices"

// modelErrors are the error types each operation declares in the
// ivs-realtime model (as aws-sdk-go-v2 v1.30.0 deserializes them). For a
// declared type the SDK builds a typed error that reads exceptionMessage;
// for any other (e.g. a 404 from an operation that does not declare
// ResourceNotFoundException, or a 429) it builds a generic error that reads
// "message", so the emulator puts the text there as well.
var modelErrors = map[string][]string{
	"CreateEncoderConfiguration":  {"AccessDeniedException", "ConflictException", "InternalServerException", "PendingVerification", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"},
	"CreateIngestConfiguration":   {"AccessDeniedException", "PendingVerification", "ServiceQuotaExceededException", "ValidationException"},
	"CreateParticipantToken":      {"AccessDeniedException", "PendingVerification", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"},
	"CreateStage":                 {"AccessDeniedException", "PendingVerification", "ServiceQuotaExceededException", "ValidationException"},
	"CreateStorageConfiguration":  {"AccessDeniedException", "ConflictException", "InternalServerException", "PendingVerification", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"},
	"DeleteEncoderConfiguration":  {"AccessDeniedException", "ConflictException", "InternalServerException", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"},
	"DeleteIngestConfiguration":   {"AccessDeniedException", "ConflictException", "PendingVerification", "ResourceNotFoundException", "ValidationException"},
	"DeletePublicKey":             {"AccessDeniedException", "ConflictException", "PendingVerification", "ResourceNotFoundException", "ValidationException"},
	"DeleteStage":                 {"AccessDeniedException", "ConflictException", "PendingVerification", "ResourceNotFoundException", "ValidationException"},
	"DeleteStorageConfiguration":  {"AccessDeniedException", "ConflictException", "InternalServerException", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"},
	"DisconnectParticipant":       {"AccessDeniedException", "PendingVerification", "ResourceNotFoundException", "ValidationException"},
	"GetComposition":              {"AccessDeniedException", "ConflictException", "InternalServerException", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"},
	"GetEncoderConfiguration":     {"AccessDeniedException", "ConflictException", "InternalServerException", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"},
	"GetIngestConfiguration":      {"AccessDeniedException", "ResourceNotFoundException", "ValidationException"},
	"GetParticipant":              {"AccessDeniedException", "ResourceNotFoundException", "ValidationException"},
	"GetPublicKey":                {"AccessDeniedException", "ResourceNotFoundException", "ValidationException"},
	"GetStage":                    {"AccessDeniedException", "ResourceNotFoundException", "ValidationException"},
	"GetStageSession":             {"AccessDeniedException", "ResourceNotFoundException", "ValidationException"},
	"GetStorageConfiguration":     {"AccessDeniedException", "ConflictException", "InternalServerException", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"},
	"ImportPublicKey":             {"AccessDeniedException", "ConflictException", "PendingVerification", "ServiceQuotaExceededException", "ValidationException"},
	"ListCompositions":            {"AccessDeniedException", "ConflictException", "InternalServerException", "ServiceQuotaExceededException", "ValidationException"},
	"ListEncoderConfigurations":   {"AccessDeniedException", "ConflictException", "InternalServerException", "ServiceQuotaExceededException", "ValidationException"},
	"ListIngestConfigurations":    {"AccessDeniedException", "ValidationException"},
	"ListParticipantEvents":       {"AccessDeniedException", "ValidationException"},
	"ListParticipantReplicas":     {"AccessDeniedException", "ValidationException"},
	"ListParticipants":            {"AccessDeniedException", "ValidationException"},
	"ListPublicKeys":              {"AccessDeniedException", "ValidationException"},
	"ListStages":                  {"AccessDeniedException", "ConflictException", "ValidationException"},
	"ListStageSessions":           {"AccessDeniedException", "ValidationException"},
	"ListStorageConfigurations":   {"AccessDeniedException", "ConflictException", "InternalServerException", "ServiceQuotaExceededException", "ValidationException"},
	"ListTagsForResource":         {"InternalServerException", "ResourceNotFoundException", "ValidationException"},
	"StartComposition":            {"AccessDeniedException", "ConflictException", "InternalServerException", "PendingVerification", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"},
	"StartParticipantReplication": {"AccessDeniedException", "ConflictException", "InternalServerException", "PendingVerification", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"},
	"StopComposition":             {"AccessDeniedException", "ConflictException", "InternalServerException", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"},
	"StopParticipantReplication":  {"AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ValidationException"},
	"TagResource":                 {"InternalServerException", "ResourceNotFoundException", "ValidationException"},
	"UntagResource":               {"InternalServerException", "ResourceNotFoundException", "ValidationException"},
	"UpdateIngestConfiguration":   {"AccessDeniedException", "ConflictException", "PendingVerification", "ResourceNotFoundException", "ValidationException"},
	"UpdateStage":                 {"AccessDeniedException", "ConflictException", "PendingVerification", "ResourceNotFoundException", "ServiceQuotaExceededException", "ValidationException"},
}

func declared(op, code string) bool {
	return slices.Contains(modelErrors[op], code)
}
