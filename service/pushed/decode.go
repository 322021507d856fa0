package pushed

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
)

// StageUpdate is an IVS Stage Update: a participant's publish started,
// stopped or failed, or its replication started or ended. Event is the same
// event as ListParticipantEvents has it (Name PUBLISH_STARTED, ...), with
// Source service.SourcePushed; EventBridge sends no error code with a
// Participant Publish Error, so Event.ErrorCode is empty on it.
type StageUpdate struct {
	ID         string // the EventBridge event's id: the same for a duplicate
	StageARN   string
	SessionID  string
	UserID     string
	PushedName string // the detail's event_name: Participant Published, ...
	Event      service.Event
}

// CompositionChange is an IVS Composition State Change. DestinationID is
// set on the Destination events.
type CompositionChange struct {
	ID             string
	CompositionARN string
	StageARN       string
	DestinationID  string
	Name           string // Session Start, Destination Failure, ...
	Time           time.Time
}

// Failed reports the changes that alert like an error event (Session and
// Destination Failure).
func (c CompositionChange) Failed() bool { return ivs.IsPushedFailure(c.Name) }

// RecordingChange is an IVS Participant Recording State Change.
type RecordingChange struct {
	ID            string
	StageARN      string
	SessionID     string
	ParticipantID string
	Name          string // Recording Start, Recording Start Failure, ...
	Bucket        string // the S3 bucket and key prefix recorded to
	KeyPrefix     string
	Duration      time.Duration // on Recording End
	Time          time.Time
}

// Failed reports Recording Start Failure and Recording End Failure.
func (r RecordingChange) Failed() bool { return ivs.IsPushedFailure(r.Name) }

// errNotIVS is a message that is not an event of IVS Real-Time (another
// source, another detail type, or not JSON): it is deleted and counted.
var errNotIVS = errors.New("not an IVS Real-Time event")

// decoded is one message's event: exactly one of the three is set.
type decoded struct {
	id          string
	stage       *StageUpdate
	composition *CompositionChange
	recording   *RecordingChange
}

// decode reads an EventBridge envelope (an SQS message's body). Unknown
// event names of a known detail type are kept: AWS adds events.
func decode(body string) (decoded, error) {
	var head ivs.Envelope[json.RawMessage]
	if err := json.Unmarshal([]byte(body), &head); err != nil {
		return decoded{}, fmt.Errorf("%w: %v", errNotIVS, err)
	}
	if head.Source != ivs.EventSource || head.ID == "" {
		return decoded{}, fmt.Errorf("%w: source %q", errNotIVS, head.Source)
	}
	at, err := time.Parse(time.RFC3339, head.Time)
	if err != nil {
		return decoded{}, fmt.Errorf("%w: time %q", errNotIVS, head.Time)
	}
	resource := ""
	if len(head.Resources) > 0 {
		resource = head.Resources[0]
	}
	d := decoded{id: head.ID}
	switch head.DetailType {
	case ivs.DetailStageUpdate:
		var det ivs.StageUpdateDetail
		if err := json.Unmarshal(head.Detail, &det); err != nil {
			return decoded{}, fmt.Errorf("%w: detail: %v", errNotIVS, err)
		}
		name := ivs.ParticipantEventOf(det.EventName)
		if name == "" {
			name = strings.ToUpper(strings.ReplaceAll(det.EventName, " ", "_"))
		}
		d.stage = &StageUpdate{ID: head.ID, StageARN: resource, SessionID: det.SessionID, UserID: det.UserID,
			PushedName: det.EventName, Event: service.Event{
				Name: name, ParticipantID: det.ParticipantID, Time: at, Source: service.SourcePushed,
				DestinationStageARN: det.DestinationStageARN, DestinationSessionID: det.DestinationSessionID,
			}}
	case ivs.DetailCompositionStateChange:
		var det ivs.CompositionDetail
		if err := json.Unmarshal(head.Detail, &det); err != nil {
			return decoded{}, fmt.Errorf("%w: detail: %v", errNotIVS, err)
		}
		d.composition = &CompositionChange{ID: head.ID, CompositionARN: resource, StageARN: det.StageARN,
			DestinationID: det.ID, Name: det.EventName, Time: at}
	case ivs.DetailParticipantRecordingChanged:
		var det ivs.RecordingDetail
		if err := json.Unmarshal(head.Detail, &det); err != nil {
			return decoded{}, fmt.Errorf("%w: detail: %v", errNotIVS, err)
		}
		d.recording = &RecordingChange{ID: head.ID, StageARN: resource, SessionID: det.SessionID,
			ParticipantID: det.ParticipantID, Name: det.EventName, Bucket: det.RecordingS3Bucket,
			KeyPrefix: det.RecordingS3Prefix, Duration: time.Duration(det.RecordingDurationMS) * time.Millisecond, Time: at}
	default:
		return decoded{}, fmt.Errorf("%w: detail-type %q", errNotIVS, head.DetailType)
	}
	return d, nil
}
