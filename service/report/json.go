package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/sanitize"
)

// The JSON shape is a contract with whoever parses reports: lower camel
// names (the API's own where it has one), RFC 3339 times in UTC, absent
// times omitted. Values are as IVS returned them, and safe to print: every
// control, bidi control and invisible format character is written as a \u
// escape (see escapeUnsafe), so `cat` or `jq -r` of the file puts none on a
// terminal while a parser reads the value back exactly. The domain types
// hold no tokens or stream keys, and none are added.
type jsonReport struct {
	GeneratedAt  string                   `json:"generatedAt"`
	Partial      bool                     `json:"partial"`
	Note         string                   `json:"note,omitempty"`
	Stage        jsonStage                `json:"stage"`
	Session      jsonSession              `json:"session"`
	Counts       jsonCounts               `json:"counts"`
	ErrorsByCode map[string]jsonCodeCount `json:"errorsByCode"`
	Participants []jsonParticipant        `json:"participants"`
	Events       []jsonEvent              `json:"events"`
}

type jsonStage struct {
	ARN                     string            `json:"arn"`
	ID                      string            `json:"id"`
	Name                    string            `json:"name"`
	ActiveSessionID         string            `json:"activeSessionId,omitempty"`
	Endpoints               jsonEndpoints     `json:"endpoints"`
	StorageConfigurationARN string            `json:"autoParticipantRecordingStorageConfigurationArn,omitempty"`
	Tags                    map[string]string `json:"tags,omitempty"`
}

type jsonEndpoints struct {
	Events string `json:"events,omitempty"`
	WHIP   string `json:"whip,omitempty"`
	RTMP   string `json:"rtmp,omitempty"`
	RTMPS  string `json:"rtmps,omitempty"`
}

type jsonSession struct {
	ID              string  `json:"sessionId"`
	StartTime       string  `json:"startTime,omitempty"`
	EndTime         string  `json:"endTime,omitempty"`
	Live            bool    `json:"live"`
	DurationSeconds float64 `json:"durationSeconds"`
}

type jsonCounts struct {
	Participants int `json:"participants"`
	Publishers   int `json:"publishers"`
	Connected    int `json:"connected"`
	Events       int `json:"events"`
	ErrorEvents  int `json:"errorEvents"`
}

type jsonCodeCount struct {
	Count   int    `json:"count"`
	Meaning string `json:"meaning,omitempty"`
	Fix     string `json:"fix,omitempty"`
}

type jsonParticipant struct {
	ParticipantID         string            `json:"participantId"`
	UserID                string            `json:"userId"`
	State                 string            `json:"state"`
	Published             bool              `json:"published"`
	RecordingState        string            `json:"recordingState,omitempty"`
	FirstJoinTime         string            `json:"firstJoinTime,omitempty"`
	Protocol              string            `json:"protocol,omitempty"`
	Attributes            map[string]string `json:"attributes,omitempty"`
	BrowserName           string            `json:"browserName,omitempty"`
	BrowserVersion        string            `json:"browserVersion,omitempty"`
	OSName                string            `json:"osName,omitempty"`
	OSVersion             string            `json:"osVersion,omitempty"`
	ISPName               string            `json:"ispName,omitempty"`
	SDKVersion            string            `json:"sdkVersion,omitempty"`
	RecordingS3BucketName string            `json:"recordingS3BucketName,omitempty"`
	RecordingS3Prefix     string            `json:"recordingS3Prefix,omitempty"`
	ReplicationState      string            `json:"replicationState,omitempty"`
	ReplicationType       string            `json:"replicationType,omitempty"`
	SourceStageARN        string            `json:"sourceStageArn,omitempty"`
	SourceSessionID       string            `json:"sourceSessionId,omitempty"`
}

type jsonEvent struct {
	EventTime            string `json:"eventTime,omitempty"`
	Name                 string `json:"name"`
	ParticipantID        string `json:"participantId"`
	UserID               string `json:"userId,omitempty"`
	RemoteParticipantID  string `json:"remoteParticipantId,omitempty"`
	ErrorCode            string `json:"errorCode,omitempty"`
	Error                bool   `json:"error"` // meaning and fix: errorsByCode[errorCode]
	Replica              bool   `json:"replica,omitempty"`
	Source               string `json:"source,omitempty"` // "pushed": from EventBridge; absent: from the API
	DestinationStageARN  string `json:"destinationStageArn,omitempty"`
	DestinationSessionID string `json:"destinationSessionId,omitempty"`
}

func writeJSON(w io.Writer, r Report) error {
	c := countReport(r)
	out := jsonReport{
		GeneratedAt: rfc3339(r.GeneratedAt),
		Partial:     r.Partial,
		Note:        r.Note,
		Stage: jsonStage{
			ARN:             r.Stage.ARN,
			ID:              r.Stage.ID,
			Name:            r.Stage.Name,
			ActiveSessionID: r.Stage.ActiveSessionID,
			Endpoints: jsonEndpoints{
				Events: r.Stage.Endpoints.Events, WHIP: r.Stage.Endpoints.WHIP,
				RTMP: r.Stage.Endpoints.RTMP, RTMPS: r.Stage.Endpoints.RTMPS,
			},
			StorageConfigurationARN: r.Stage.AutoRecording.StorageConfigurationARN,
			Tags:                    r.Stage.Tags,
		},
		Session: jsonSession{
			ID:              r.Session.ID,
			StartTime:       rfc3339(r.Session.Start),
			EndTime:         rfc3339(r.Session.End),
			Live:            r.Session.Live(),
			DurationSeconds: r.Session.Duration(r.GeneratedAt).Seconds(),
		},
		Counts:       jsonCounts(c),
		ErrorsByCode: map[string]jsonCodeCount{},
		Participants: make([]jsonParticipant, 0, len(r.Participants)),
		Events:       make([]jsonEvent, 0, len(r.Events)),
	}
	for _, cc := range errorsByCode(r.Events) {
		out.ErrorsByCode[cc.Code] = jsonCodeCount{Count: cc.Count, Meaning: cc.Meaning, Fix: cc.Fix}
	}
	for _, p := range r.Participants {
		out.Participants = append(out.Participants, participantJSON(p))
	}
	users := userIDs(r)
	for _, e := range r.Events {
		je := jsonEvent{
			EventTime:            rfc3339(e.Time),
			Name:                 e.Name,
			ParticipantID:        e.ParticipantID,
			UserID:               users[e.ParticipantID],
			RemoteParticipantID:  e.RemoteParticipantID,
			ErrorCode:            e.ErrorCode,
			Error:                e.IsError(),
			Replica:              e.Replica,
			Source:               e.Source,
			DestinationStageARN:  e.DestinationStageARN,
			DestinationSessionID: e.DestinationSessionID,
		}
		out.Events = append(out.Events, je)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("export: writing JSON: %w", err)
	}
	if _, err := w.Write(escapeUnsafe(buf.Bytes())); err != nil {
		return fmt.Errorf("export: writing JSON: %w", err)
	}
	return nil
}

// escapeUnsafe writes each character of encoded JSON that is not safe on a
// terminal as a \u escape (a pair of them beyond the BMP): encoding/json
// escapes C0 controls but leaves DEL, C1 controls (U+009B is a CSI) and bidi
// overrides raw. Such characters can only be inside strings, where the
// escape stands for the same character; the C0 left raw are the indent's
// newlines and spaces.
func escapeUnsafe(data []byte) []byte {
	out := make([]byte, 0, len(data))
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r < 0x20 || !sanitize.Unsafe(r) {
			out = append(out, data[:size]...)
		} else if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
		} else {
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		data = data[size:]
	}
	return out
}

func participantJSON(p service.Participant) jsonParticipant {
	return jsonParticipant{
		ParticipantID:         p.ID,
		UserID:                p.UserID,
		State:                 p.State,
		Published:             p.Published,
		RecordingState:        p.RecordingState,
		FirstJoinTime:         rfc3339(p.FirstJoin),
		Protocol:              p.Protocol,
		Attributes:            p.Attributes,
		BrowserName:           p.BrowserName,
		BrowserVersion:        p.BrowserVersion,
		OSName:                p.OSName,
		OSVersion:             p.OSVersion,
		ISPName:               p.ISPName,
		SDKVersion:            p.SDKVersion,
		RecordingS3BucketName: p.RecordingS3Bucket,
		RecordingS3Prefix:     p.RecordingS3Prefix,
		ReplicationState:      p.ReplicationState,
		ReplicationType:       p.ReplicationType,
		SourceStageARN:        p.SourceStageARN,
		SourceSessionID:       p.SourceSessionID,
	}
}

// rfc3339Millis is RFC 3339 in UTC with a fixed three-digit fraction: IVS
// event times have milliseconds, ordering within a second matters, and a
// fixed width keeps text sorting (in a spreadsheet, say) in time order.
const rfc3339Millis = "2006-01-02T15:04:05.000Z07:00"

// rfc3339 formats t for the JSON and CSV exports; the zero time is "".
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(rfc3339Millis)
}
