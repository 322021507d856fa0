package ivs

import "time"

// Resource quotas, per account and region unless said otherwise. Past one,
// the API answers ServiceQuotaExceededException (402). Those marked
// adjustable are defaults the customer can raise in Service Quotas: a text
// that quotes one says it is the default.
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/service-quotas.html
const (
	MaxStages               = 1000  // stages per region (adjustable)
	MaxPublishersPerStage   = 12    // not adjustable
	MaxSubscribersPerStage  = 10000 // adjustable
	MaxConcurrentPublishers = 1000  // region-wide (adjustable)
	// MaxConcurrentSubscriptions is region-wide (adjustable).
	MaxConcurrentSubscriptions = 20000

	MaxEncoderConfigurations = 20  // adjustable
	MaxStorageConfigurations = 5   // adjustable
	MaxIngestConfigurations  = 100 // adjustable

	MaxActiveCompositions         = 20 // per account (adjustable)
	MaxActiveCompositionsPerStage = 5

	MaxPublicKeys                  = 3 // per region
	MaxReplicationsPerParticipant  = 5 // concurrent
	MaxCompositionDurationHours    = 24
	MaxPublishDurationHours        = 24 // publish or subscribe, per connection
	MaxSelfSignedTokenLifetimeDays = 14
)

// The quotas' names as the Service Quotas console lists them, under the
// service "Amazon Interactive Video Service", where an account sees its
// values and asks to raise the adjustable ones.
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/service-quotas.html
const (
	QuotaNamePublishBitrate    = "Participant publish bitrate"               // 8.5 Mbps, not adjustable
	QuotaNamePublishResolution = "Participant publish resolution"            // 720p, not adjustable
	QuotaNameStreamDuration    = "Participant publish or subscribe duration" // 24 h, not adjustable
	QuotaNameStagePublishers   = "Stage participants (publishers)"           // 12, not adjustable
	QuotaNameStageSubscribers  = "Stage participants (subscribers)"          // 10,000, adjustable
)

// MaxStreamDuration is how long one publish or subscribe may last.
const MaxStreamDuration = MaxPublishDurationHours * time.Hour

// MaxSelfSignedTokenLifetime bounds a self-signed token's exp after its iat.
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/getting-started-distribute-tokens.html
const MaxSelfSignedTokenLifetime = MaxSelfSignedTokenLifetimeDays * 24 * time.Hour
