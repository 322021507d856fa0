package emulator

import (
	"net/http"
	"sort"
)

// The control surface is not AWS: it stands in for what client SDKs and
// RTMP encoders do (join with a token, publish, subscribe, leave), for
// tests and the simulation, and holds the test switches (faults,
// credential mode) and the operation counters. The in-process methods and the /_emulator/*
// endpoints share the backend code paths; errors have the AWS shape.

// Join admits the holder of a participant token to its stage, as a client
// SDK does, and returns the participant id and session it joined.
func (e *Emulator) Join(token string) (JoinResult, error) {
	return e.JoinWith(token, ClientInfo{})
}

// JoinWith is Join with the client details GetParticipant will report.
func (e *Emulator) JoinWith(token string, ci ClientInfo) (JoinResult, error) {
	return e.b.join(token, ci)
}

// Publish starts publishing for a connected participant.
func (e *Emulator) Publish(stageARN, participantID string) error {
	return e.b.publish(stageARN, participantID)
}

// Unpublish stops a participant's publish.
func (e *Emulator) Unpublish(stageARN, participantID string) error {
	return e.b.unpublish(stageARN, participantID)
}

// Subscribe makes a participant subscribe to a publishing one.
func (e *Emulator) Subscribe(stageARN, participantID, remoteParticipantID string) error {
	return e.b.subscribe(stageARN, participantID, remoteParticipantID)
}

// Unsubscribe ends a subscription.
func (e *Emulator) Unsubscribe(stageARN, participantID, remoteParticipantID string) error {
	return e.b.unsubscribe(stageARN, participantID, remoteParticipantID)
}

// Leave disconnects a participant the way a client leaving does.
func (e *Emulator) Leave(stageARN, participantID string) error {
	return e.b.leave(stageARN, participantID)
}

// RecordError records a scripted *_ERROR event (JOIN_ERROR, PUBLISH_ERROR
// or SUBSCRIBE_ERROR with one of the 14 error codes) for a participant of
// the stage's live session.
func (e *Emulator) RecordError(stageARN, participantID, eventName, errorCode string) error {
	return e.b.recordError(stageARN, participantID, eventName, errorCode, "")
}

// IngestPublish is an RTMP(S) encoder connecting with a stream key: the
// ingest configuration's participant joins its stage and publishes, and
// the configuration turns ACTIVE. protocol is RTMP or RTMPS ("" means the
// configuration's own). Leave with the returned participant id stops it.
func (e *Emulator) IngestPublish(streamKey, protocol string) (JoinResult, error) {
	return e.b.ingestPublish(streamKey, protocol)
}

type controlIn struct {
	Token               string      `json:"token"`
	ClientInfo          *ClientInfo `json:"clientInfo"`
	StageArn            string      `json:"stageArn"`
	ParticipantID       string      `json:"participantId"`
	RemoteParticipantID string      `json:"remoteParticipantId"`
	EventName           string      `json:"eventName"`
	ErrorCode           string      `json:"errorCode"`
	StreamKey           string      `json:"streamKey"`
	Protocol            string      `json:"protocol"`
	Spec                *string     `json:"spec"`
	Mode                string      `json:"mode"`
}

type operationsOut struct {
	Operations map[string]int `json:"operations"`
	Refused    map[string]int `json:"refused"`
	Mutations  map[string]int `json:"mutations"`
	Names      []string       `json:"names"`
}

type faultsOut struct {
	Spec string `json:"spec"`
}

type credentialsOut struct {
	Mode string `json:"mode"`
}

func (e *Emulator) serveControl(w http.ResponseWriter, r *http.Request, name string) int {
	if name == "operations" {
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", http.MethodGet)
			return writeError(w, newError(CodeMethodNotAllowed, "/_emulator/operations takes GET, not %s", r.Method))
		}
		names := OperationNames()
		sort.Strings(names)
		return writeJSON(w, http.StatusOK, operationsOut{Operations: e.Operations(), Refused: e.Refused(), Mutations: e.Mutations(), Names: names})
	}
	// faults and credentials read back with GET and change with POST.
	if r.Method == http.MethodGet {
		switch name {
		case "faults":
			return writeJSON(w, http.StatusOK, faultsOut{Spec: e.Faults()})
		case "credentials":
			return writeJSON(w, http.StatusOK, credentialsOut{Mode: e.CredentialMode()})
		}
	}
	handlers := map[string]func(in *controlIn) (any, error){
		"join": func(in *controlIn) (any, error) {
			var ci ClientInfo
			if in.ClientInfo != nil {
				ci = *in.ClientInfo
			}
			return e.JoinWith(in.Token, ci)
		},
		"publish":   func(in *controlIn) (any, error) { return emptyOut{}, e.Publish(in.StageArn, in.ParticipantID) },
		"unpublish": func(in *controlIn) (any, error) { return emptyOut{}, e.Unpublish(in.StageArn, in.ParticipantID) },
		"subscribe": func(in *controlIn) (any, error) {
			return emptyOut{}, e.Subscribe(in.StageArn, in.ParticipantID, in.RemoteParticipantID)
		},
		"unsubscribe": func(in *controlIn) (any, error) {
			return emptyOut{}, e.Unsubscribe(in.StageArn, in.ParticipantID, in.RemoteParticipantID)
		},
		"leave": func(in *controlIn) (any, error) { return emptyOut{}, e.Leave(in.StageArn, in.ParticipantID) },
		"error": func(in *controlIn) (any, error) {
			return emptyOut{}, e.b.recordError(in.StageArn, in.ParticipantID, in.EventName, in.ErrorCode, in.RemoteParticipantID)
		},
		"ingest": func(in *controlIn) (any, error) { return e.IngestPublish(in.StreamKey, in.Protocol) },
		"faults": func(in *controlIn) (any, error) {
			if in.Spec == nil {
				return nil, validationError(`spec is required: a fault spec, or "" to clear the faults`)
			}
			if err := e.SetFaults(*in.Spec); err != nil {
				return nil, validationError("%v", err)
			}
			return faultsOut{Spec: e.Faults()}, nil
		},
		"credentials": func(in *controlIn) (any, error) {
			if err := e.SetCredentialMode(in.Mode); err != nil {
				return nil, err
			}
			return credentialsOut{Mode: e.CredentialMode()}, nil
		},
	}
	h, ok := handlers[name]
	if !ok {
		return writeError(w, newError(CodeUnknownOperation, "Unknown control endpoint: /_emulator/%s", shown(name)))
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return writeError(w, newError(CodeMethodNotAllowed, "/_emulator/%s takes POST, not %s", name, r.Method))
	}
	body, err := readBody(w, r)
	if err != nil {
		return writeError(w, err)
	}
	in := &controlIn{}
	if err := decodeJSON(body, in); err != nil {
		return writeError(w, err)
	}
	out, err := h(in)
	if err != nil {
		return writeError(w, err)
	}
	return writeJSON(w, http.StatusOK, out)
}
