// The Dockerfile fails on s390x only: no list is published, the build fails, the report still shows both rows.
node('source') {
    sh "rm -rf app && cp -R '@CONTEXT@' app"
    multiArchBuild image: '@REGISTRY@/team/failing', tags: ['1.0'],
            platforms: ['linux/amd64', 'linux/s390x'], context: 'app',
            labels: [amd64: 'amd64'], emulationLabel: 'qemu',
            credentialsId: 'registry-creds'
}
