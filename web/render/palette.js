// The twins' colours (Okabe-Ito bluish green and reddish purple, darkened
// for contrast on white): distinct from each other and from the orange/blue
// of the classes, for every common kind of colour blindness.
export const TWIN_COLOURS = ['rgb(0, 122, 90)', 'rgb(176, 73, 143)'];
export const TWIN_FILLS = ['rgba(0, 122, 90, 0.13)', 'rgba(176, 73, 143, 0.11)'];
