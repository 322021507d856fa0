package ivs

import "regexp"

// Patterns are stated as the ivs-realtime service model states them:
// unanchored; AWS matches them against the whole value (see Anchored).

// Names of stages and other resources, and the composition layout's
// participant attributes.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_CreateStage.html
const (
	MaxNameLength = 128
	NamePattern   = `[a-zA-Z0-9-_]*`
)

// Resource ids and ARNs: arn:<partition>:ivs:<region>:<12-digit account>:<kind>/<id>.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_GetStage.html
const (
	MaxResourceIDLength = 128
	ResourceIDPattern   = `[a-zA-Z0-9-]+`
	MaxARNLength        = 128 // of an IVS channel ARN a composition publishes to

	KindStage       = "stage"
	KindComposition = "composition"
	KindEncoder     = "encoder-configuration"
	KindStorage     = "storage-configuration"
	KindIngest      = "ingest-configuration"
	KindPublicKey   = "public-key"
	KindChannel     = "channel" // an IVS low-latency channel (composition destination)
)

// ARNPattern is the pattern of an ARN of kind in any AWS partition, with the
// resource id as its one group.
func ARNPattern(kind string) string {
	return `arn:aws[a-z-]*:ivs:[a-z0-9-]+:[0-9]{12}:` + regexp.QuoteMeta(kind) + `/([a-zA-Z0-9-]{1,128})`
}

// Participants and sessions.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_GetParticipant.html
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_DisconnectParticipant.html
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_GetStageSession.html
const (
	MaxParticipantIDLength = 64
	ParticipantIDPattern   = `[a-zA-Z0-9-]*`
	// DisconnectParticipant's participantId alone also allows '_'.
	DisconnectParticipantIDPattern = `[a-zA-Z0-9-_]*`
	SessionIDLength                = 16 // "st-" and 13 characters
	SessionIDPattern               = `st-[a-zA-Z0-9]+`
	MaxReasonLength                = 128 // DisconnectParticipant's reason
)

// Paging.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_ListStages.html
const (
	MaxNextTokenLength = 1024
	NextTokenPattern   = `[a-zA-Z0-9+/=_-]*`
)

// Participant tokens (CreateParticipantToken and CreateStage's token
// configurations).
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_CreateParticipantToken.html
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_CreateStage.html
const (
	CapabilityPublish   = "PUBLISH"
	CapabilitySubscribe = "SUBSCRIBE"
	MaxCapabilities     = 2

	DefaultTokenDurationMinutes = 720
	MinTokenDurationMinutes     = 1
	MaxTokenDurationMinutes     = 20160 // 14 days

	MaxUserIDLength        = 128 // any UTF-8; participants choose it
	MaxAttributesBytes     = 1024
	MaxTokenConfigurations = 12 // in one CreateStage
)

// Capabilities lists the token capabilities; a token without any gets both.
var Capabilities = []string{CapabilityPublish, CapabilitySubscribe}

// Tags: AWS's tagging rules, which IVS adds nothing to.
// https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html
const (
	MaxTags           = 50
	MaxTagKeyLength   = 128
	MaxTagValueLength = 256
	TagPattern        = `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`
	ReservedTagPrefix = "aws:" // keys starting with it (any case) are AWS's
)

// Idempotency tokens of StartComposition.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_StartComposition.html
const (
	MaxIdempotencyTokenLength  = 64
	IdempotencyTokenPattern    = `[a-zA-Z0-9-_]*`
	MaxCompositionDestinations = 2
)

// Encoder configurations' video.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_Video.html
const (
	MaxVideoSide     = 1920
	MaxEncoderPixels = 1920 * 1080
	MaxVideoBitrate  = 8_500_000 // bps
	MaxFramerate     = 60

	DefaultVideoWidth     = 1280
	DefaultVideoHeight    = 720
	DefaultVideoBitrate   = 2_500_000
	DefaultVideoFramerate = 30
)

// Storage configurations: S3 bucket names.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_S3StorageConfiguration.html
const (
	MinBucketNameLength = 3
	MaxBucketNameLength = 63
	BucketNamePattern   = `[a-z0-9-.]+`
)

// Public keys: a PEM block of an ECDSA P-384 public key.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_ImportPublicKey.html
const PublicKeyPEMPattern = `(?s).*-----BEGIN PUBLIC KEY-----\r?\n([a-zA-Z0-9+/=\r\n]+)\r?\n-----END PUBLIC KEY-----(\r?\n)?.*`

// Reconnect windows, segment and thumbnail intervals, in seconds.
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_StartParticipantReplication.html
// https://docs.aws.amazon.com/ivs/latest/RealTimeAPIReference/API_AutoParticipantRecordingConfiguration.html
const (
	MaxReplicationReconnectSeconds = 60 // v1.30.0's limit
	MaxRecordingReconnectSeconds   = 300
	MinHLSSegmentSeconds           = 2
	MaxHLSSegmentSeconds           = 10
	MinThumbnailIntervalSeconds    = 1
	MaxThumbnailIntervalSeconds    = 86400
)

// Anchored compiles one of the patterns above to match a whole value.
func Anchored(pattern string) *regexp.Regexp {
	return regexp.MustCompile("^(?:" + pattern + ")$")
}
