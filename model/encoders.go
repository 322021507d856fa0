package model

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/ivsdash/ivsdash/keymap"
	"github.com/ivsdash/ivsdash/model/form"
	"github.com/ivsdash/ivsdash/model/route"
	"github.com/ivsdash/ivsdash/service"
	"github.com/ivsdash/ivsdash/service/ivs"
	"github.com/ivsdash/ivsdash/ui"
)

// Encoder configurations (`:encoders`): transcoding presets that
// compositions use. The list, create (with the API's video bounds checked
// before the call) and delete; the detail is encoderdetail.go.

// Video bounds of CreateEncoderConfiguration: even sides up to 1920 with at
// most 1920x1080 pixels, 1 bps to 8.5 Mbps, 1 to 60 fps.
const (
	maxVideoSide    = ivs.MaxVideoSide
	maxVideoBitrate = ivs.MaxVideoBitrate
	maxFramerate    = ivs.MaxFramerate
)

func newEncodersPane(c *Context) *resourceList[service.EncoderConfiguration] {
	return newResourceList(c, &listSpec[service.EncoderConfiguration]{
		kind:     keymap.PaneEncoders,
		openHelp: "details", createHelp: "create encoder config", removeHelp: "delete encoder config",
		title:   "Encoder configurations",
		noun:    "encoder configurations",
		columns: nameIDTagsColumns,
		cell: func(c *Context, x service.EncoderConfiguration, col int) string {
			return nameIDTagsCell(x.Name, x.ARN, x.Tags, col)
		},
		arn:  func(x service.EncoderConfiguration) string { return x.ARN },
		text: func(x service.EncoderConfiguration) string { return x.Name + " " + x.ARN + " " + tagText(x.Tags) },
		load: func(c *Context) func(ctx context.Context) ([]service.EncoderConfiguration, error) {
			client := c.Client
			return func(ctx context.Context) ([]service.EncoderConfiguration, error) {
				return client.AllEncoderConfigurations(ctx)
			}
		},
		open: func(_ *Context, x service.EncoderConfiguration) route.Route {
			return route.EncoderConfiguration{Config: x}
		},
		create: func(c *Context, pane paneID) Dialog { return newEncoderForm(c, pane) },
		remove: func(c *Context, pane paneID, x service.EncoderConfiguration) tea.Cmd {
			return deleteEncoderDialog(c, pane, x)
		},
		tags:  func(x service.EncoderConfiguration) (string, string) { return x.ARN, encoderWhat(x) },
		empty: "no encoder configurations: c creates one (compositions use IVS defaults without)",
	})
}

func encoderWhat(x service.EncoderConfiguration) string {
	return "encoder configuration " + nameOr(x.Name, x.ARN)
}

// videoText is "1280x720 · 2.5 Mbps · 30 fps".
func videoText(v service.Video) string {
	if v == (service.Video{}) {
		return ""
	}
	return fmtSize(v.Width, v.Height) + " · " + bitrateText(v.Bitrate) + " · " + videoFramerate(v.Framerate)
}

func fmtSize(w, h int) string { return fmt.Sprintf("%dx%d", w, h) }

func videoFramerate(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) + " fps" }

func bitrateText(bps int) string {
	switch {
	case bps >= 1_000_000:
		return strconv.FormatFloat(float64(bps)/1e6, 'f', -1, 64) + " Mbps"
	case bps >= 1000:
		return strconv.FormatFloat(float64(bps)/1e3, 'f', -1, 64) + " kbps"
	}
	return strconv.Itoa(bps) + " bps"
}

// checkSide checks a width or height: an even number up to 1920.
func checkSide(what string) func(string) string {
	return func(v string) string {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		switch {
		case err != nil:
			return "the " + what + " is a whole number of pixels"
		case n < 2 || n > maxVideoSide:
			return fmt.Sprintf("the %s is 2 to %d pixels", what, maxVideoSide)
		case n%2 != 0:
			return fmt.Sprintf("the %s must be even (%d is odd)", what, n)
		}
		return ""
	}
}

func checkBitrate(v string) string {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	switch {
	case err != nil:
		return "the bitrate is a whole number of bits per second (2500000 is 2.5 Mbps)"
	case n < 1 || n > maxVideoBitrate:
		return fmt.Sprintf("the bitrate is 1 to %s bps (%s)", ui.Count(maxVideoBitrate), bitrateText(maxVideoBitrate))
	}
	return ""
}

func checkFramerate(v string) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	switch {
	case err != nil:
		return "the frame rate is a number of frames per second (30, 29.97)"
	case f < 1 || f > maxFramerate:
		return fmt.Sprintf("the frame rate is 1 to %d fps", maxFramerate)
	}
	return ""
}

// newEncoderForm creates an encoder configuration; the fields start at the
// API's defaults (1280x720, 2.5 Mbps, 30 fps).
func newEncoderForm(c *Context, pane paneID) *formDialog {
	name := form.NewText("Name", "optional: letters, digits, - and _", "", "", maxNameLength, checkName)
	width := form.NewText("Width (pixels)", strconv.Itoa(ivs.DefaultVideoWidth), strconv.Itoa(ivs.DefaultVideoWidth), "", 8, checkSide("width"))
	height := form.NewText("Height (pixels)", strconv.Itoa(ivs.DefaultVideoHeight), strconv.Itoa(ivs.DefaultVideoHeight),
		fmt.Sprintf("Even sides up to %d, and width × height at most %s pixels (%dx%d or %dx%d).", maxVideoSide, ui.Count(service.MaxEncoderPixels),
			maxVideoSide, service.MaxEncoderPixels/maxVideoSide, service.MaxEncoderPixels/maxVideoSide, maxVideoSide), 8, checkSide("height"))
	bitrate := form.NewText("Bitrate (bps)", strconv.Itoa(ivs.DefaultVideoBitrate), strconv.Itoa(ivs.DefaultVideoBitrate),
		fmt.Sprintf("1 bps to %s bps (%s).", ui.Count(maxVideoBitrate), bitrateText(maxVideoBitrate)), 10, checkBitrate)
	framerate := form.NewText("Frame rate (fps)", strconv.Itoa(ivs.DefaultVideoFramerate), strconv.Itoa(ivs.DefaultVideoFramerate),
		fmt.Sprintf("1 to %d fps.", maxFramerate), 8, checkFramerate)
	tags := newTagsField()
	f := newForm("Create an encoder configuration", "Create", "Creating…", pane, name, width, height, bitrate, framerate, tags)
	f.Note = fmt.Sprintf("CreateEncoderConfiguration (%g calls/s, shared with your backend).", ivs.TPS("CreateEncoderConfiguration"))
	client := c.Client
	f.Prepare = func() form.Call {
		w, _ := strconv.Atoi(strings.TrimSpace(width.Value()))
		h, _ := strconv.Atoi(strings.TrimSpace(height.Value()))
		if w*h > service.MaxEncoderPixels {
			height.SetErr(fmt.Sprintf("%dx%d is %s pixels; at most %s (1920x1080 or 1080x1920)", w, h, ui.Count(w*h), ui.Count(service.MaxEncoderPixels)))
			return nil
		}
		br, _ := strconv.Atoi(strings.TrimSpace(bitrate.Value()))
		fr, _ := strconv.ParseFloat(strings.TrimSpace(framerate.Value()), 64)
		v := service.Video{Width: w, Height: h, Bitrate: br, Framerate: fr}
		t, _ := parseTags(tags.Value())
		n := name.Value()
		return func(ctx context.Context) (string, error) {
			x, err := client.CreateEncoderConfiguration(ctx, n, v, t)
			if err != nil {
				return "", err
			}
			return "created " + encoderWhat(x) + " (" + videoText(v) + ")", nil
		}
	}
	return f
}

// deleteEncoderDialog asks before deleting; a 409 means a running
// composition uses it, and says so.
func deleteEncoderDialog(c *Context, pane paneID, x service.EncoderConfiguration) tea.Cmd {
	what := encoderWhat(x)
	q := fmt.Sprintf("Delete %s (%s)?", ui.Sanitize(what), resourceID(x.ARN))
	detail := "Compositions started with it keep their settings, but no new composition can use it. IVS refuses while a running composition uses it."
	client, arn := c.Client, x.ARN
	return send(openDialogMsg{newConfirm("Delete encoder configuration", q, detail, false, func(string) tea.Cmd {
		return action(c, pane, "deleted "+what, func(ctx context.Context) error {
			return explain(client.DeleteEncoderConfiguration(ctx, arn), service.Conflict,
				"in use: a running composition uses "+what+"; stop it first (ctrl+d on :compositions)")
		})
	})})
}
