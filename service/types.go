package service

import (
	"time"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// The domain types below are what the dashboard sees of IVS Real-Time. They are
// plain values: strings not *string, time.Time not *time.Time (zero = absent),
// so model and ui never handle SDK pointer types.

// Participant states, recording states, protocols and other enumerations keep
// the API's own spelling, so what the dashboard shows matches the AWS docs.
const (
	StateConnected    = "CONNECTED"
	StateDisconnected = "DISCONNECTED"

	// The API's limits, as the catalogue states them (package ivs).
	CapabilityPublish   = ivs.CapabilityPublish
	CapabilitySubscribe = ivs.CapabilitySubscribe

	DefaultTokenDurationMinutes = ivs.DefaultTokenDurationMinutes
	MinTokenDurationMinutes     = ivs.MinTokenDurationMinutes
	MaxTokenDurationMinutes     = ivs.MaxTokenDurationMinutes
	MaxAttributesBytes          = ivs.MaxAttributesBytes
	MaxUserIDLength             = ivs.MaxUserIDLength
	MaxReasonLength             = ivs.MaxReasonLength
	MaxTags                     = ivs.MaxTags
	MaxTokenConfigurations      = ivs.MaxTokenConfigurations
	MaxPublishersPerStage       = ivs.MaxPublishersPerStage
	MaxEncoderPixels            = ivs.MaxEncoderPixels
)

// Stage is a stage as GetStage returns it; ListStages fills ARN, ID, Name,
// ActiveSessionID and Tags only.
type Stage struct {
	ARN             string
	ID              string // last part of the ARN
	Name            string
	ActiveSessionID string
	Tags            map[string]string
	Endpoints       StageEndpoints
	AutoRecording   AutoRecording
}

// StageEndpoints are where clients connect to a stage.
type StageEndpoints struct {
	Events string
	WHIP   string
	RTMP   string
	RTMPS  string
}

// AutoRecording is a stage's individual participant recording configuration.
// An empty StorageConfigurationARN means recording is off.
type AutoRecording struct {
	StorageConfigurationARN         string
	MediaTypes                      []string // AUDIO_VIDEO, AUDIO_ONLY, NONE
	ThumbnailRecordingMode          string   // INTERVAL, DISABLED
	ThumbnailIntervalSeconds        int
	ThumbnailStorage                []string // SEQUENTIAL, LATEST
	RecordingReconnectWindowSeconds int
	HLSTargetSegmentDurationSeconds int
	RecordParticipantReplicas       bool
}

// Enabled reports whether individual participant recording is on.
func (a AutoRecording) Enabled() bool { return a.StorageConfigurationARN != "" }

// Session is a stage session: it begins with the first join and ends after
// the last participant leaves. A zero End means it is live.
type Session struct {
	ID    string
	Start time.Time
	End   time.Time
}

// Live reports whether the session is still running.
func (s Session) Live() bool { return s.End.IsZero() }

// Duration is how long the session ran, or has run so far at now.
func (s Session) Duration(now time.Time) time.Duration {
	if s.Start.IsZero() {
		return 0
	}
	end := s.End
	if end.IsZero() {
		end = now
	}
	if end.Before(s.Start) {
		return 0
	}
	return end.Sub(s.Start)
}

// Participant is a participant of a session. ListParticipants fills the
// summary fields (ID, UserID, State, Published, RecordingState, FirstJoin and
// the replication fields); GetParticipant fills all of them.
type Participant struct {
	ID             string
	UserID         string // untrusted: participants choose it
	State          string // CONNECTED, DISCONNECTED
	Published      bool   // ever published in this session
	RecordingState string // STARTING, ACTIVE, STOPPING, STOPPED, FAILED, DISABLED
	FirstJoin      time.Time

	Protocol          string // UNKNOWN, WHIP, RTMP, RTMPS
	Attributes        map[string]string
	BrowserName       string
	BrowserVersion    string
	OSName            string
	OSVersion         string
	ISPName           string
	SDKVersion        string
	RecordingS3Bucket string
	RecordingS3Prefix string

	ReplicationState string // ACTIVE, STOPPED, or empty
	ReplicationType  string // SOURCE, REPLICA, NONE, or empty
	SourceStageARN   string
	SourceSessionID  string
}

// Connected reports whether the participant is in the stage now.
func (p Participant) Connected() bool { return p.State == StateConnected }

// Event is one participant event of a session.
type Event struct {
	Name                 string // JOINED, LEFT, PUBLISH_ERROR, ...
	ParticipantID        string
	RemoteParticipantID  string // the publisher, on subscribe events
	ErrorCode            string // only on *_ERROR events
	Time                 time.Time
	Replica              bool
	DestinationStageARN  string
	DestinationSessionID string
	// Source is where the event came from: "" from the API
	// (ListParticipantEvents), SourcePushed from EventBridge.
	Source string
}

// SourcePushed marks an Event read from EventBridge (service/pushed).
const SourcePushed = "pushed"

// IsError reports whether the event is one of the *_ERROR events.
func (e Event) IsError() bool {
	return e.ErrorCode != "" || len(e.Name) > 6 && e.Name[len(e.Name)-6:] == "_ERROR"
}

// TokenRequest asks for a participant token for a stage.
type TokenRequest struct {
	StageARN        string
	UserID          string
	Attributes      map[string]string
	Capabilities    []string // PUBLISH, SUBSCRIBE; nil means the API default (both)
	DurationMinutes int      // 0 means the API default (720)
}

// ParticipantToken is a minted token. Token is a secret.
type ParticipantToken struct {
	ParticipantID   string
	Token           Secret
	UserID          string
	Attributes      map[string]string
	Capabilities    []string
	DurationMinutes int
	Expiration      time.Time
}

// CreateStageRequest is the input of CreateStage.
type CreateStageRequest struct {
	Name          string
	Tags          map[string]string
	AutoRecording *AutoRecording // nil: not configured
	Tokens        []TokenRequest // StageARN is ignored; at most 12
}

// UpdateStageRequest is the input of UpdateStage; nil fields are left alone.
type UpdateStageRequest struct {
	ARN           string
	Name          *string
	AutoRecording *AutoRecording
}

// Composition is a server-side composition of a stage. ListCompositions fills
// everything but Layout and the destinations' configuration and detail.
type Composition struct {
	ARN          string
	StageARN     string
	State        string // STARTING, ACTIVE, STOPPING, FAILED, STOPPED
	Start        time.Time
	End          time.Time
	Tags         map[string]string
	Layout       Layout
	Destinations []Destination
}

// Destination is one output of a composition: an IVS channel or S3.
type Destination struct {
	ID    string
	Name  string
	State string // STARTING, ACTIVE, STOPPING, RECONNECTING, FAILED, STOPPED
	Start time.Time
	End   time.Time

	Channel *ChannelDestination // nil when this is not a channel destination
	S3      *S3Destination      // nil when this is not an S3 destination

	RecordingPrefix string // S3 prefix, from the destination detail
}

// ChannelDestination broadcasts a composition to an IVS (low-latency) channel.
type ChannelDestination struct {
	ChannelARN              string
	EncoderConfigurationARN string
}

// S3Destination records a composition to S3.
type S3Destination struct {
	StorageConfigurationARN         string
	EncoderConfigurationARNs        []string
	RecordingFormat                 string // HLS
	HLSTargetSegmentDurationSeconds int
	Thumbnails                      []CompositionThumbnail
}

// CompositionThumbnail configures thumbnails of an S3 destination.
type CompositionThumbnail struct {
	Storage               []string // SEQUENTIAL, LATEST
	TargetIntervalSeconds int
}

// Layout of a composition: exactly one of Grid or PiP is set (Grid when the
// caller sets neither, as the API defaults to a grid).
type Layout struct {
	Grid *GridLayout
	PiP  *PiPLayout
}

// GridLayout arranges participants in a grid.
type GridLayout struct {
	FeaturedParticipantAttribute string
	ParticipantOrderAttribute    string
	GridGap                      int
	OmitStoppedVideo             bool
	VideoAspectRatio             string // AUTO, VIDEO, SQUARE, PORTRAIT
	VideoFillMode                string // FILL, COVER, CONTAIN
}

// PiPLayout puts one participant in a picture-in-picture window.
type PiPLayout struct {
	FeaturedParticipantAttribute string
	ParticipantOrderAttribute    string
	GridGap                      int
	OmitStoppedVideo             bool
	PipBehavior                  string // STATIC, DYNAMIC
	PipHeight                    int    // 0: chosen by IVS
	PipWidth                     int    // 0: chosen by IVS
	PipOffset                    int
	PipParticipantAttribute      string
	PipPosition                  string // TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT
	VideoFillMode                string
}

// StartCompositionRequest is the input of StartComposition.
type StartCompositionRequest struct {
	StageARN         string
	Layout           Layout
	Destinations     []Destination // Channel and/or S3 set; Name optional
	Tags             map[string]string
	IdempotencyToken string
}

// EncoderConfiguration is a transcoding preset for compositions.
type EncoderConfiguration struct {
	ARN   string
	Name  string
	Tags  map[string]string
	Video Video // zero in list results
}

// Video settings of an encoder configuration.
type Video struct {
	Width     int
	Height    int
	Bitrate   int // bps
	Framerate float64
}

// StorageConfiguration is an S3 bucket that recordings go to.
type StorageConfiguration struct {
	ARN    string
	Name   string
	Bucket string
	Tags   map[string]string
}

// IngestConfiguration lets an RTMP(S) encoder publish to a stage as a
// participant. StreamKey is a secret and is empty in list results.
type IngestConfiguration struct {
	ARN           string
	Name          string
	Protocol      string // RTMP, RTMPS
	State         string // ACTIVE, INACTIVE
	StageARN      string
	ParticipantID string
	UserID        string
	StreamKey     Secret
	Attributes    map[string]string
	Tags          map[string]string
}

// CreateIngestRequest is the input of CreateIngestConfiguration.
type CreateIngestRequest struct {
	Name           string
	Protocol       string
	InsecureIngest bool
	StageARN       string
	UserID         string
	Attributes     map[string]string
	Tags           map[string]string
}

// PublicKey is an imported public key for self-signed participant tokens.
type PublicKey struct {
	ARN         string
	Name        string
	Fingerprint string
	PEM         string // empty in list results
	Tags        map[string]string
}

// Replica is a participant replicated from one stage to another.
type Replica struct {
	ParticipantID        string
	SourceStageARN       string
	SourceSessionID      string
	DestinationStageARN  string
	DestinationSessionID string
	State                string // ACTIVE, STOPPED
}

// StartReplicationRequest is the input of StartParticipantReplication.
type StartReplicationRequest struct {
	SourceStageARN         string
	DestinationStageARN    string
	ParticipantID          string
	Attributes             map[string]string
	ReconnectWindowSeconds int
}

// Page is one page of a list operation. NextToken is empty on the last page.
type Page[T any] struct {
	Items     []T
	NextToken string
}

// ParticipantFilter narrows ListParticipants. The API takes at most one of
// these; the zero value lists everyone.
type ParticipantFilter struct {
	UserID         string
	Published      *bool
	State          string // CONNECTED, DISCONNECTED
	RecordingState string // STARTING, ACTIVE, STOPPING, STOPPED, FAILED
}

// IngestFilter narrows ListIngestConfigurations (at most one field set).
type IngestFilter struct {
	StageARN string
	State    string // ACTIVE, INACTIVE
}

// CompositionFilter narrows ListCompositions.
type CompositionFilter struct {
	StageARN                string
	EncoderConfigurationARN string
}
