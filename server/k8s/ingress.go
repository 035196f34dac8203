package k8s

import "fmt"

// The Ingress controller dockerlab installs in the kind clusters it
// creates: Traefik v3 with its Kubernetes Ingress provider, as Traefik's
// own reference shows it (RBAC, Deployment, Service), in a namespace of its
// own; its IngressClass is the cluster's default, so the Ingress of a
// generated manifest (no ingressClassName) is Traefik's.
const (
	// IngressNamespace holds the controller's objects.
	IngressNamespace = "traefik"
	// IngressDeployment is the controller's Deployment and Service.
	IngressDeployment = "traefik"
	// IngressClass is the controller's IngressClass, the cluster's default.
	IngressClass = "traefik"
	// IngressNodePort is the Service's NodePort for HTTP, the port
	// dockerlab's kind configuration publishes on 127.0.0.1.
	IngressNodePort = 30080
	// DefaultIngressImage is Traefik's official image at the minor version
	// dockerlab's tests run (v3.6: the Go proxy reachable here refuses some
	// of v3.7's modules, so v3.7 could not be built and tried).
	DefaultIngressImage = "traefik:v3.6"
)

// IngressController is the manifest of the controller running image. It
// sets each Ingress it serves to the address 127.0.0.1 (where kind
// publishes the NodePort), answers HTTP on container port 8000 and
// reports ready on /ping.
func IngressController(image string) string {
	return fmt.Sprintf(`apiVersion: v1
kind: Namespace
metadata:
  name: %[1]s
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: traefik-ingress-controller
  namespace: %[1]s
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: dockerlab-traefik-ingress-controller
rules:
  - apiGroups: [""]
    resources: [services, secrets, nodes]
    verbs: [get, list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [get, list, watch]
  - apiGroups: [extensions, networking.k8s.io]
    resources: [ingresses, ingressclasses]
    verbs: [get, list, watch]
  - apiGroups: [extensions, networking.k8s.io]
    resources: [ingresses/status]
    verbs: [update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: dockerlab-traefik-ingress-controller
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: dockerlab-traefik-ingress-controller
subjects:
  - kind: ServiceAccount
    name: traefik-ingress-controller
    namespace: %[1]s
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: %[5]s
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: traefik.io/ingress-controller
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[2]s
  namespace: %[1]s
  labels:
    app: %[2]s
spec:
  replicas: 1
  selector:
    matchLabels:
      app: %[2]s
  template:
    metadata:
      labels:
        app: %[2]s
    spec:
      serviceAccountName: traefik-ingress-controller
      containers:
        - name: traefik
          image: %[3]s
          imagePullPolicy: IfNotPresent
          args:
            - --entryPoints.web.address=:8000
            - --ping
            - --providers.kubernetesingress
            - --providers.kubernetesingress.ingressendpoint.ip=127.0.0.1
          ports:
            - name: web
              containerPort: 8000
          readinessProbe:
            httpGet:
              path: /ping
              port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: %[2]s
  namespace: %[1]s
spec:
  type: NodePort
  selector:
    app: %[2]s
  ports:
    - name: web
      port: 80
      targetPort: web
      nodePort: %[4]d
`, IngressNamespace, IngressDeployment, image, IngressNodePort, IngressClass)
}
