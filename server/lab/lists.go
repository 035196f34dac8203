package lab

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dockerlab/dockerlab/server/docker"
)

// ImageRow is one line of `docker images`, for the editor's quick pick.
type ImageRow struct {
	Repository string `json:"repository"`
	Tag        string `json:"tag"`
	ID         string `json:"id"`
	Created    string `json:"created"`
	Size       string `json:"size"`
}

// ContainerRow is one line of `docker ps -a`, for the editor's quick pick.
type ContainerRow struct {
	ID      string `json:"id"`
	Image   string `json:"image"`
	Created string `json:"created"`
	Status  string `json:"status"`
	State   string `json:"state"`
	Ports   string `json:"ports"`
	Name    string `json:"name"`
	Ours    bool   `json:"ours"`
	// Dockerfile is the path in dockerlab's label: the Dockerfile the
	// container came from, for the lab commands on it ("" when not ours).
	Dockerfile string `json:"dockerfile,omitempty"`
}

// ListResult answers dockerlab.images and dockerlab.ps.
type ListResult struct {
	Command    string         `json:"command"`              // the docker CLI line it stands for
	Images     []ImageRow     `json:"images,omitempty"`     // for dockerlab.images
	Containers []ContainerRow `json:"containers,omitempty"` // for dockerlab.ps
	Message    string         `json:"message"`
}

func (s Session) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Images lists local images like `docker images`.
func (s Session) Images(ctx context.Context) (ListResult, error) {
	imgs, err := s.Engine.Images(ctx)
	if err != nil {
		return ListResult{}, err
	}
	res := ListResult{Command: "docker images", Images: []ImageRow{}}
	for _, img := range imgs {
		for _, t := range img.Tags {
			repo, tag := t, ""
			if i := strings.LastIndex(t, ":"); i > strings.LastIndex(t, "/") {
				repo, tag = t[:i], t[i+1:]
			}
			res.Images = append(res.Images, ImageRow{Repository: repo, Tag: tag, ID: docker.ShortID(img.ID),
				Created: Ago(s.now().Sub(img.Created)), Size: docker.FormatSize(img.Size)})
		}
	}
	res.Message = fmt.Sprintf("이미지 %d개", len(res.Images))
	return res, nil
}

// Ps lists containers like `docker ps -a`, marking the ones dockerlab started.
func (s Session) Ps(ctx context.Context) (ListResult, error) {
	cs, err := s.Engine.Containers(ctx, "", "", true)
	if err != nil {
		return ListResult{}, err
	}
	res := ListResult{Command: "docker ps -a", Containers: []ContainerRow{}}
	for _, c := range cs {
		path, ours := c.Labels[LabelDockerfile]
		res.Containers = append(res.Containers, ContainerRow{ID: docker.ShortID(c.ID), Image: c.Image,
			Created: Ago(s.now().Sub(c.Created)), Status: c.Status, State: c.State,
			Ports: strings.TrimSpace(portsText(c.Ports)), Name: c.Name, Ours: ours, Dockerfile: path})
	}
	res.Message = fmt.Sprintf("컨테이너 %d개", len(res.Containers))
	return res, nil
}
