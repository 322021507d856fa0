package ivs

// Pushed events: what IVS Real-Time sends to Amazon EventBridge (source
// aws.ivs), best effort: an event can be missing, hours late, duplicated or
// out of order. Join and subscribe errors are never sent: they are only in
// ListParticipantEvents. The detail types, every event_name, the envelope
// and the detail fields session_id, event_name, user_id and participant_id
// (Stage Update), event_name and stage_arn (Composition State Change) and
// the recording fields are those of AWS's pages and their examples. The
// replication fields of a Stage Update and a destination's id are not in
// the examples that could be checked: they are read when present (into an
// event's destination) and never required.
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/eventbridge.html
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/rt-individual-participant-recording.html
// https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-ivs.html
const (
	EventBridgeGuideURL = "https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/eventbridge.html"

	EventSource = "aws.ivs"

	DetailStageUpdate                 = "IVS Stage Update"
	DetailCompositionStateChange      = "IVS Composition State Change"
	DetailParticipantRecordingChanged = "IVS Participant Recording State Change"
)

// DetailTypes are the three detail types of IVS Real-Time, in the order the
// setup's rule lists them.
var DetailTypes = []string{DetailStageUpdate, DetailCompositionStateChange, DetailParticipantRecordingChanged}

// event_name values of IVS Stage Update.
const (
	PushedParticipantPublished          = "Participant Published"
	PushedParticipantUnpublished        = "Participant Unpublished"
	PushedParticipantPublishError       = "Participant Publish Error"
	PushedParticipantReplicationStarted = "Participant Replication Started"
	PushedParticipantReplicationEnded   = "Participant Replication Ended"
	PushedTokenExchanged                = "Token Exchanged"
)

// event_name values of IVS Composition State Change.
const (
	PushedSessionStart            = "Session Start"
	PushedSessionEnd              = "Session End"
	PushedSessionFailure          = "Session Failure"
	PushedDestinationStart        = "Destination Start"
	PushedDestinationEnd          = "Destination End"
	PushedDestinationFailure      = "Destination Failure"
	PushedDestinationReconnecting = "Destination Reconnecting"
)

// event_name values of IVS Participant Recording State Change.
const (
	PushedRecordingStart        = "Recording Start"
	PushedRecordingEnd          = "Recording End"
	PushedRecordingStartFailure = "Recording Start Failure"
	PushedRecordingEndFailure   = "Recording End Failure"
)

// PushedEventNames lists every event_name of each detail type.
var PushedEventNames = map[string][]string{
	DetailStageUpdate: {PushedParticipantPublished, PushedParticipantUnpublished, PushedParticipantPublishError,
		PushedParticipantReplicationStarted, PushedParticipantReplicationEnded, PushedTokenExchanged},
	DetailCompositionStateChange: {PushedSessionStart, PushedSessionEnd, PushedSessionFailure,
		PushedDestinationStart, PushedDestinationEnd, PushedDestinationFailure, PushedDestinationReconnecting},
	DetailParticipantRecordingChanged: {PushedRecordingStart, PushedRecordingEnd,
		PushedRecordingStartFailure, PushedRecordingEndFailure},
}

// stageUpdateToEvent maps a Stage Update's event_name to the participant
// event ListParticipantEvents records for the same thing.
var stageUpdateToEvent = map[string]string{
	PushedParticipantPublished:          EventPublishStarted,
	PushedParticipantUnpublished:        EventPublishStopped,
	PushedParticipantPublishError:       EventPublishError,
	PushedParticipantReplicationStarted: EventReplicationStarted,
	PushedParticipantReplicationEnded:   EventReplicationStopped,
	PushedTokenExchanged:                EventTokenExchanged,
}

// ParticipantEventOf is the ListParticipantEvents name of a Stage Update's
// event_name ("" for one this version does not know).
func ParticipantEventOf(pushedName string) string { return stageUpdateToEvent[pushedName] }

// StageUpdateOf is the Stage Update event_name IVS sends for a participant
// event ("" for the events it never sends, e.g. JOINED or JOIN_ERROR).
func StageUpdateOf(eventName string) string {
	for pushed, name := range stageUpdateToEvent {
		if name == eventName {
			return pushed
		}
	}
	return ""
}

// IsPushedFailure reports the composition and recording events that alert
// like an error event.
func IsPushedFailure(eventName string) bool {
	switch eventName {
	case PushedSessionFailure, PushedDestinationFailure, PushedRecordingStartFailure, PushedRecordingEndFailure:
		return true
	}
	return false
}

// pushedFailures explains the failures IsPushedFailure reports: what
// happened and the usual fix.
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/eventbridge.html
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/server-side-composition.html
// https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/rt-individual-participant-recording.html
var pushedFailures = map[string][2]string{
	PushedSessionFailure: {"the composition failed and stopped",
		"open the composition: its state and destinations say why; start it again"},
	PushedDestinationFailure: {"a destination of the composition failed: its channel or S3 bucket did not take the output",
		"check the destination: the IVS channel exists and is not streamed to from elsewhere, or the bucket's storage configuration lets IVS write"},
	PushedRecordingStartFailure: {"the participant's individual recording could not start",
		"check the stage's auto-participant recording: its storage configuration's S3 bucket exists, in the stage's region, and lets IVS write"},
	PushedRecordingEndFailure: {"the participant's recording did not end cleanly: its last segments may be missing",
		"look in the recording's S3 prefix for what was written"},
}

// ExplainPushedFailure tells what a pushed failure (Session, Destination,
// Recording Start or End Failure) means and the usual fix; "" for any
// other event.
func ExplainPushedFailure(eventName string) (meaning, fix string) {
	e := pushedFailures[eventName]
	return e[0], e[1]
}

// Envelope is an EventBridge event as it reaches an SQS queue (the
// message body): the fields every AWS event has, detail left raw.
// https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
type Envelope[D any] struct {
	Version    string   `json:"version"`
	ID         string   `json:"id"`
	DetailType string   `json:"detail-type"`
	Source     string   `json:"source"`
	Account    string   `json:"account"`
	Time       string   `json:"time"` // RFC 3339, seconds
	Region     string   `json:"region"`
	Resources  []string `json:"resources"` // the stage's ARN, or the composition's
	Detail     D        `json:"detail"`
}

// StageUpdateDetail is the detail of IVS Stage Update. The replication
// fields are set on the replication events only.
type StageUpdateDetail struct {
	SessionID     string `json:"session_id"`
	EventName     string `json:"event_name"`
	UserID        string `json:"user_id"`
	ParticipantID string `json:"participant_id"`

	SourceStageARN       string `json:"source_stage_arn,omitempty"`
	SourceSessionID      string `json:"source_session_id,omitempty"`
	DestinationStageARN  string `json:"destination_stage_arn,omitempty"`
	DestinationSessionID string `json:"destination_session_id,omitempty"`
}

// CompositionDetail is the detail of IVS Composition State Change; the
// composition's ARN is the envelope's resource. ID is the destination's id
// on the Destination events.
type CompositionDetail struct {
	EventName string `json:"event_name"`
	StageARN  string `json:"stage_arn"`
	ID        string `json:"id,omitempty"`
}

// RecordingDetail is the detail of IVS Participant Recording State Change;
// the stage's ARN is the envelope's resource. RecordingDurationMS is set on
// Recording End.
type RecordingDetail struct {
	SessionID           string `json:"session_id"`
	EventName           string `json:"event_name"`
	ParticipantID       string `json:"participant_id"`
	RecordingS3Bucket   string `json:"recording_s3_bucket_name"`
	RecordingS3Prefix   string `json:"recording_s3_key_prefix"`
	RecordingDurationMS int64  `json:"recording_duration_ms,omitempty"`
}

// GroupQueue is the SQS calls of the pushed-events reader. It is not in
// Groups (the IVS quotas the status bar shows): a standard SQS queue takes a
// nearly unlimited number of calls per second per action, so its TPS here is
// only the dashboard's own ceiling (10 calls a second at the default 20%
// share), which keeps a failing queue from being called in a tight loop and
// lets a busy queue's receives follow one another without waiting.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
const GroupQueue Group = "queue"

func init() { groupTPS[GroupQueue] = 50 }

// SQS long polling: the longest wait and the most messages one
// ReceiveMessage answers with.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
const (
	QueueMaxWaitSeconds = 20
	QueueMaxMessages    = 10
	QueueMaxBatch       = 10 // entries of one DeleteMessageBatch
)

// queueOperations are the SQS operations the reader calls, all in GroupQueue.
var queueOperations = []string{"ReceiveMessage", "DeleteMessageBatch", "DeleteMessage", "GetQueueAttributes", "GetQueueUrl"}

// IAM actions of the pushed-events setup: what `events setup --apply` calls,
// what the dashboard's reader calls, and what EventBridge needs on the queue.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions
var (
	SetupIAMActions  = []string{"events:PutRule", "events:PutTargets", "events:DescribeRule", "events:ListTargetsByRule", "sqs:CreateQueue", "sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes"}
	ReaderIAMActions = []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"}
	// EventBridge sends with sqs:SendMessage, as the service principal
	// events.amazonaws.com, allowed by the queue's policy for the rule's ARN.
	DeliveryIAMAction = "sqs:SendMessage"
	DeliveryPrincipal = "events.amazonaws.com"
)
