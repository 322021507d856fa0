package emulator

import "time"

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

type createIngestIn struct {
	Name           *string           `json:"name"`
	StageArn       *string           `json:"stageArn"`
	UserID         *string           `json:"userId"`
	Attributes     map[string]string `json:"attributes"`
	IngestProtocol *string           `json:"ingestProtocol"`
	InsecureIngest *bool             `json:"insecureIngest"`
	Tags           map[string]string `json:"tags"`
}

type updateIngestIn struct {
	Arn      *string `json:"arn"`
	StageArn *string `json:"stageArn"`
}

type deleteIngestIn struct {
	Arn   *string `json:"arn"`
	Force *bool   `json:"force"`
}

type listIngestsIn struct {
	listIn
	FilterByStageArn *string `json:"filterByStageArn"`
	FilterByState    *string `json:"filterByState"`
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

type ingestResultOut struct {
	IngestConfiguration ingestOut `json:"ingestConfiguration"`
}

type listIngestsOut struct {
	IngestConfigurations []ingestSummaryOut `json:"ingestConfigurations"`
	NextToken            string             `json:"nextToken,omitempty"`
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

// optStageARN checks a stageArn member that may be "" (no stage).
func optStageARN(v *validator, field string, s *string) string {
	if s == nil || *s == "" {
		return ""
	}
	return v.arn(field, *s, kindStage)
}

func (b *backend) CreateIngestConfiguration(in *createIngestIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	v.name("name", in.Name)
	stageID := optStageARN(v, "stageArn", in.StageArn)
	v.optStr("userId", in.UserID, 0, 128, nil)
	v.attributes("attributes", in.Attributes)
	if v.required("ingestProtocol", in.IngestProtocol != nil) && v.enum("ingestProtocol", *in.IngestProtocol, ingestProtocols...) &&
		*in.IngestProtocol == "RTMP" && !deref(in.InsecureIngest) {
		v.failf("Value 'RTMP' at 'ingestProtocol' failed to satisfy constraint: insecureIngest must be set to true to use RTMP")
	}
	v.tags("tags", in.Tags)
	if err := v.err(); err != nil {
		return nil, err
	}
	if _, ok := b.stages.get(stageID); stageID != "" && !ok {
		// CreateIngestConfiguration declares no ResourceNotFoundException.
		return nil, validationError("1 validation error detected: Value '%s' at 'stageArn' failed to satisfy constraint: Member must be the ARN of an existing stage", *in.StageArn)
	}
	if b.ingests.len() >= maxIngestConfigs {
		return nil, quotaExceeded("Ingest configurations per account quota of %d exceeded; delete an ingest configuration or request a quota increase", maxIngestConfigs)
	}
	c := b.newIngest(deref(in.Name), *in.IngestProtocol, deref(in.InsecureIngest), deref(in.StageArn), deref(in.UserID), in.Attributes, in.Tags)
	return ingestResultOut{IngestConfiguration: ingestToOut(c)}, nil
}

func (b *backend) newIngest(name, protocol string, insecure bool, stageARN, userID string, attrs, tags map[string]string) *ingestConfig {
	id := b.newID()
	c := &ingestConfig{
		meta:          meta{id: id, seq: b.nextSeq()},
		tagged:        tagged{arn: b.arn(kindIngest, id), tags: cloneMap(tags)},
		name:          name,
		protocol:      protocol,
		insecure:      insecure,
		streamKey:     b.newStreamKey(id),
		stageARN:      stageARN,
		participantID: b.newID(),
		userID:        userID,
		attributes:    cloneMap(attrs),
		state:         "INACTIVE",
	}
	b.ingests.add(c)
	return c
}

func (b *backend) GetIngestConfiguration(in *arnIn) (any, error) {
	b.lock()
	defer b.unlock()
	c, err := lookup(b.validator(), &b.ingests, "arn", in.Arn, kindIngest)
	if err != nil {
		return nil, err
	}
	return ingestResultOut{IngestConfiguration: ingestToOut(c)}, nil
}

func (b *backend) UpdateIngestConfiguration(in *updateIngestIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	stageID := optStageARN(v, "stageArn", in.StageArn)
	c, err := lookup(v, &b.ingests, "arn", in.Arn, kindIngest)
	if err != nil {
		return nil, err
	}
	if stageID != "" {
		if _, err := b.stages.find(stageID, *in.StageArn); err != nil {
			return nil, err
		}
	}
	if c.state == "ACTIVE" {
		return nil, conflict("ingest configuration %s is active (a publisher is streaming); it cannot be updated", c.arn)
	}
	c.stageARN = deref(in.StageArn)
	return ingestResultOut{IngestConfiguration: ingestToOut(c)}, nil
}

func (b *backend) DeleteIngestConfiguration(in *deleteIngestIn) (any, error) {
	now := b.lock()
	defer b.unlock()
	c, err := lookup(b.validator(), &b.ingests, "arn", in.Arn, kindIngest)
	if err != nil {
		return nil, err
	}
	if c.state == "ACTIVE" {
		if !deref(in.Force) {
			return nil, conflict("ingest configuration %s is active (a publisher is streaming); set force to disconnect it and delete", c.arn)
		}
		b.disconnectIngest(c, now)
	}
	b.ingests.remove(c.id)
	return emptyOut{}, nil
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

func (b *backend) ListIngestConfigurations(in *listIngestsIn) (any, error) {
	b.lock()
	defer b.unlock()
	v := b.validator()
	if in.FilterByStageArn != nil {
		v.arn("filterByStageArn", *in.FilterByStageArn, kindStage)
	}
	v.optEnum("filterByState", in.FilterByState, ingestStates...)
	if in.FilterByStageArn != nil && in.FilterByState != nil {
		v.failf("Only one filter (by stage ARN or by state) can be used at a time")
	}
	limit := v.maxResults(in.MaxResults, 50, maxPageSize)
	sc := scope("ListIngestConfigurations", deref(in.FilterByStageArn), deref(in.FilterByState))
	after := b.pager.cursor(v, sc, in.NextToken)
	if err := v.err(); err != nil {
		return nil, err
	}
	keep := func(c *ingestConfig) bool {
		switch {
		case in.FilterByStageArn != nil:
			return c.stageARN == *in.FilterByStageArn
		case in.FilterByState != nil:
			return c.state == *in.FilterByState
		}
		return true
	}
	page, next := listPage(&b.pager, sc, b.ingests.order, after, limit, keep)
	out := listIngestsOut{IngestConfigurations: make([]ingestSummaryOut, 0, len(page)), NextToken: next}
	for _, c := range page {
		out.IngestConfigurations = append(out.IngestConfigurations, ingestSummary(c))
	}
	return out, nil
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
