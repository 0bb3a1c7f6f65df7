// Scripted: called inside node, so the context is stashed to each platform's agent. amd64 builds natively on
// an agent labelled amd64; s390x has no label of its own and is built under qemu on the agent labelled qemu.
node('source') {
    sh "rm -rf app && cp -R '@CONTEXT@' app"
    def result = multiArchBuild image: '@REGISTRY@/team/scripted', tags: ['1.0', 'latest'],
            platforms: ['linux/amd64', 'linux/s390x'], context: 'app',
            labels: [amd64: 'amd64'], emulationLabel: 'qemu',
            credentialsId: 'registry-creds'
    echo "list=${result.listDigest} s390x=${result.digests['linux/s390x']} status=${result.status}"
}
