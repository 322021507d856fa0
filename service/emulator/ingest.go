package emulator

import (
	"time"

	"github.com/ivsdash/ivsdash/service/ivs"
)

// ingestConfig lets an RTMP(S) encoder publish to a stage as a participant.
// It is ACTIVE while its participant publishes (see ingestPublish).
type ingestConfig struct {
	meta
	tagged
	name          string
	protocol      string
	insecure      bool
	streamKey     string
	stageARN      string // "" when attached to no stage
	participantID string
	userID        string
	attributes    map[string]string
	state         string
}

type ingestSummaryOut struct {
	Arn            string `json:"arn"`
	Name           string `json:"name,omitempty"`
	IngestProtocol string `json:"ingestProtocol"`
	StageArn       string `json:"stageArn"`
	ParticipantID  string `json:"participantId"`
	State          string `json:"state"`
	UserID         string `json:"userId,omitempty"`
}

type ingestOut struct {
	ingestSummaryOut
	StreamKey  string            `json:"streamKey"`
	Attributes map[string]string `json:"attributes,omitempty"`
	Tags       map[string]string `json:"tags"`
}

func ingestSummary(c *ingestConfig) ingestSummaryOut {
	return ingestSummaryOut{Arn: c.arn, Name: c.name, IngestProtocol: c.protocol, StageArn: c.stageARN,
		ParticipantID: c.participantID, State: c.state, UserID: c.userID}
}

func ingestToOut(c *ingestConfig) ingestOut {
	out := ingestOut{ingestSummaryOut: ingestSummary(c), StreamKey: c.streamKey, Tags: tagsOut(c.tags)}
	if len(c.attributes) > 0 {
		out.Attributes = cloneMap(c.attributes)
	}
	return out
}

// ingestSpec is a new ingest configuration.
type ingestSpec struct {
	name, protocol   string
	insecure         bool
	stageARN, userID string
	attributes, tags map[string]string
}

// CreateIngestConfiguration makes an ingest configuration, attached to an
// existing stage or to none, within the account's quota.
func (b *backend) CreateIngestConfiguration(in ingestSpec) (ingestOut, error) {
	b.lock()
	defer b.unlock()
	if _, ok := b.stages.get(idOf(in.stageARN)); in.stageARN != "" && !ok {
		// CreateIngestConfiguration declares no ResourceNotFoundException.
		return ingestOut{}, validationError("1 validation error detected: Value '%s' at 'stageArn' failed to satisfy constraint: Member must be the ARN of an existing stage", in.stageARN)
	}
	if b.ingests.len() >= ivs.MaxIngestConfigurations {
		return ingestOut{}, quotaExceeded("Ingest configurations per account quota of %d exceeded; delete an ingest configuration or request a quota increase", ivs.MaxIngestConfigurations)
	}
	return ingestToOut(b.newIngest(in)), nil
}

func (b *backend) newIngest(in ingestSpec) *ingestConfig {
	id := b.newID()
	c := &ingestConfig{
		meta:          meta{id: id, seq: b.nextSeq()},
		tagged:        tagged{arn: b.arn(kindIngest, id), tags: cloneMap(in.tags)},
		name:          in.name,
		protocol:      in.protocol,
		insecure:      in.insecure,
		streamKey:     b.newStreamKey(id),
		stageARN:      in.stageARN,
		participantID: b.newID(),
		userID:        in.userID,
		attributes:    cloneMap(in.attributes),
		state:         "INACTIVE",
	}
	b.ingests.add(c)
	return c
}

func (b *backend) GetIngestConfiguration(arn string) (ingestOut, error) {
	b.lock()
	defer b.unlock()
	c, err := findARN(&b.ingests, arn)
	if err != nil {
		return ingestOut{}, err
	}
	return ingestToOut(c), nil
}

// UpdateIngestConfiguration attaches an inactive ingest configuration to a
// stage, or to none ("").
func (b *backend) UpdateIngestConfiguration(arn, stageARN string) (ingestOut, error) {
	b.lock()
	defer b.unlock()
	c, err := findARN(&b.ingests, arn)
	if err != nil {
		return ingestOut{}, err
	}
	if stageARN != "" {
		if _, err := findARN(&b.stages, stageARN); err != nil {
			return ingestOut{}, err
		}
	}
	if c.state == "ACTIVE" {
		return ingestOut{}, conflict("ingest configuration %s is active (a publisher is streaming); it cannot be updated", c.arn)
	}
	c.stageARN = stageARN
	return ingestToOut(c), nil
}

// DeleteIngestConfiguration deletes an inactive ingest configuration, or
// an active one with force (its publisher is disconnected).
func (b *backend) DeleteIngestConfiguration(arn string, force bool) error {
	now := b.lock()
	defer b.unlock()
	c, err := findARN(&b.ingests, arn)
	if err != nil {
		return err
	}
	if c.state == "ACTIVE" {
		if !force {
			return conflict("ingest configuration %s is active (a publisher is streaming); set force to disconnect it and delete", c.arn)
		}
		b.disconnectIngest(c, now)
	}
	b.ingests.remove(c.id)
	return nil
}

// disconnectIngest disconnects the publisher of an active ingest
// configuration, as DeleteIngestConfiguration with force does.
func (b *backend) disconnectIngest(c *ingestConfig, now time.Time) {
	v := b.validator()
	if st, ok := b.stages.get(v.arn("stageArn", c.stageARN, kindStage)); ok {
		if p := b.connectedParticipant(st, c.participantID); p != nil {
			b.disconnect(st, st.active, p, now, false)
		}
	}
	c.state = "INACTIVE"
}

// ListIngestConfigurations lists the ingest configurations of a stage
// (stageARN not ""), of a state (state not ""), or all.
func (b *backend) ListIngestConfigurations(stageARN, state string, pr pageReq) ([]ingestSummaryOut, string) {
	b.lock()
	defer b.unlock()
	keep := func(c *ingestConfig) bool {
		return (stageARN == "" || c.stageARN == stageARN) && (state == "" || c.state == state)
	}
	page, next := listPage(&b.pager, pr, b.ingests.order, keep)
	out := make([]ingestSummaryOut, 0, len(page))
	for _, c := range page {
		out = append(out, ingestSummary(c))
	}
	return out, next
}

// ingestByKey finds the ingest configuration a stream key belongs to.
func (b *backend) ingestByKey(streamKey string) *ingestConfig {
	for _, c := range b.ingests.order {
		if c.streamKey == streamKey {
			return c
		}
	}
	return nil
}

// ingestARNByKey and ingestActive serve the simulation.
func (b *backend) ingestARNByKey(streamKey string) string {
	b.lock()
	defer b.unlock()
	if c := b.ingestByKey(streamKey); c != nil {
		return c.arn
	}
	return ""
}

func (b *backend) ingestActive(streamKey string) bool {
	b.lock()
	defer b.unlock()
	c := b.ingestByKey(streamKey)
	return c != nil && c.state == "ACTIVE"
}
