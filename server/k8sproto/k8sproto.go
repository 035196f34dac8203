// Package k8sproto is the contract between the language server and its
// Kubernetes helper, dockerlab-k8s: the request the server writes on the
// helper's stdin and the lines the helper answers with, one JSON object
// each. It holds types only, so the server reads them without linking
// client-go (package k8ssdk, in the helper, does the work).
package k8sproto

// Operations.
const (
	// OpApply applies Manifest with server-side apply (field manager
	// "dockerlab"), then, with Wait, follows the rollout of Deployment.
	OpApply = "apply"
	// OpStatus reports Deployment's rollout, its Pods, Service and Ingress.
	OpStatus = "status"
	// OpDelete deletes Manifest's objects and waits until they are gone.
	OpDelete = "delete"
	// OpPortForward forwards a local port on 127.0.0.1 to Service's Port
	// (one of its ready Pods, as `kubectl port-forward svc/…` does): the
	// result carries the local port, then the helper keeps forwarding until
	// it is stopped.
	OpPortForward = "port-forward"
	// OpLogs streams the logs of Deployment's newest Pod until stopped.
	OpLogs = "logs"
	// OpContext reports the kubeconfig's current context and its nodes.
	OpContext = "context"
	// OpCreateCluster creates the kind cluster Cluster (kind's library, as
	// `kind create cluster --name` does) and makes its context current in
	// the kubeconfig; OpDeleteCluster deletes it and its kubeconfig entries.
	OpCreateCluster = "create-cluster"
	OpDeleteCluster = "delete-cluster"
)

// Request is one operation.
type Request struct {
	Op string `json:"op"`
	// Kubeconfig lists kubeconfig files ("" entries skipped); none means
	// kubectl's default ($KUBECONFIG, ~/.kube/config).
	Kubeconfig []string `json:"kubeconfig,omitempty"`
	// Context overrides the current context.
	Context string `json:"context,omitempty"`
	// Namespace overrides the context's namespace ("default" without one).
	Namespace string `json:"namespace,omitempty"`
	// Manifest is the YAML of the objects to apply or delete.
	Manifest string `json:"manifest,omitempty"`
	// Deployment and Service name the objects status, logs and
	// port-forward read.
	Deployment string `json:"deployment,omitempty"`
	Service    string `json:"service,omitempty"`
	// Port is the Service port to forward to; LocalPort the local one (0:
	// any free port).
	Port      int `json:"port,omitempty"`
	LocalPort int `json:"localPort,omitempty"`
	// Wait follows the rollout after apply (with status: until the
	// Deployment is complete), for at most TimeoutSeconds.
	Wait           bool `json:"wait,omitempty"`
	TimeoutSeconds int  `json:"timeoutSeconds,omitempty"`
	// Cluster names the kind cluster to create or delete; NodeImage is
	// the node image ("" for kind's default) and KindConfig a kind
	// Cluster configuration in YAML ("" for dockerlab's: the API server and
	// the published NodePort on 127.0.0.1 only).
	Cluster    string `json:"cluster,omitempty"`
	NodeImage  string `json:"nodeImage,omitempty"`
	KindConfig string `json:"kindConfig,omitempty"`
	// DockerHost is the engine kind creates the nodes on (DOCKER_HOST).
	DockerHost string `json:"dockerHost,omitempty"`
}

// Line is one line the helper writes: a progress event, a log line, the
// result, or the failure.
type Line struct {
	Event  *Event   `json:"event,omitempty"`
	Log    *string  `json:"log,omitempty"`
	Result *Result  `json:"result,omitempty"`
	Error  *Failure `json:"error,omitempty"`
}

// Event is a step of the work: an object applied or deleted, or the
// rollout's state when it changes.
type Event struct {
	// Kind: "applied", "deleted", "rollout", or "step" (Text: a step of
	// creating or deleting a cluster, in kind's words).
	Kind   string  `json:"kind"`
	Text   string  `json:"text,omitempty"`
	Object *Object `json:"object,omitempty"`
	// Action is what the API server did with an applied object: "created",
	// "configured" or "unchanged", as kubectl prints it.
	Action string  `json:"action,omitempty"`
	Status *Status `json:"status,omitempty"`
}

// Object names one Kubernetes object.
type Object struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	Namespace  string `json:"namespace,omitempty"`
}

// Result is what an operation ends with.
type Result struct {
	Context   string   `json:"context"`
	Namespace string   `json:"namespace,omitempty"`
	Objects   []Object `json:"objects,omitempty"`
	Status    *Status  `json:"status,omitempty"`
	// LocalPort is the forwarded port on 127.0.0.1 (port-forward); Pod the
	// Pod it reaches.
	LocalPort int    `json:"localPort,omitempty"`
	Pod       string `json:"pod,omitempty"`
	// Server and Nodes describe the cluster (context).
	Server string `json:"server,omitempty"`
	Nodes  []Node `json:"nodes,omitempty"`
	// Cluster is the kind cluster created or deleted.
	Cluster string `json:"cluster,omitempty"`
}

// Node is a cluster node and whether it is Ready.
type Node struct {
	Name    string `json:"name"`
	Ready   bool   `json:"ready"`
	Version string `json:"version,omitempty"`
}

// Status is a Deployment's rollout and what serves it.
type Status struct {
	Deployment string `json:"deployment"`
	// Found is false when the Deployment does not exist.
	Found   bool  `json:"found"`
	Desired int32 `json:"desired"`
	Ready   int32 `json:"ready"`
	Updated int32 `json:"updated"`
	// Complete: every desired Pod runs the newest template and is ready.
	Complete bool     `json:"complete"`
	Pods     []Pod    `json:"pods,omitempty"`
	Service  *Service `json:"service,omitempty"`
	Ingress  *Ingress `json:"ingress,omitempty"`
}

// Pod is one Pod of the Deployment.
type Pod struct {
	Name  string `json:"name"`
	Phase string `json:"phase"`
	Ready bool   `json:"ready"`
	// Reason and Message explain a Pod that is not ready: a container's
	// waiting or terminated reason (ImagePullBackOff, CrashLoopBackOff,
	// ErrImagePull, …) or the Pod's condition.
	Reason   string `json:"reason,omitempty"`
	Message  string `json:"message,omitempty"`
	Restarts int32  `json:"restarts,omitempty"`
	Image    string `json:"image,omitempty"`
	// LastLogs are the last lines the crashed container wrote
	// (CrashLoopBackOff).
	LastLogs []string `json:"lastLogs,omitempty"`
}

// Service is the Service of the Deployment.
type Service struct {
	Name  string        `json:"name"`
	Type  string        `json:"type"`
	Ports []ServicePort `json:"ports,omitempty"`
}

// ServicePort is one port of a Service.
type ServicePort struct {
	Port       int32  `json:"port"`
	TargetPort string `json:"targetPort"`
	NodePort   int32  `json:"nodePort,omitempty"`
}

// Ingress is an Ingress routing to the Service.
type Ingress struct {
	Name  string   `json:"name"`
	Class string   `json:"class,omitempty"`
	Hosts []string `json:"hosts,omitempty"`
	Paths []string `json:"paths,omitempty"`
	// Address is the load balancer address a controller published ("":
	// no controller has taken the Ingress).
	Address string `json:"address,omitempty"`
	// HostIP and HostPort are where this computer reaches the Ingress: a
	// kind node's published port of dockerlab's controller. The language
	// server fills them (the helper does not know the engine); 0 when
	// unknown.
	HostIP   string `json:"hostIp,omitempty"`
	HostPort int    `json:"hostPort,omitempty"`
}

// Failure is why an operation failed.
type Failure struct {
	// Kind: "Unreachable" (no API server answered), "Forbidden",
	// "NotFound", "Invalid" (the API server refused the object),
	// "Timeout", "Canceled", "Config" (no usable kubeconfig), "Other".
	Kind    string  `json:"kind"`
	Message string  `json:"message"` // the Kubernetes client's own words
	Object  *Object `json:"object,omitempty"`
}
